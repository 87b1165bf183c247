export const POLICY_SCHEMA_URL = 'https://raw.githubusercontent.com/agentgov/agentgov/main/schema/policy.schema.json';

/** The policy `agentgov init` writes: the recommended preset, with the keys a team edits first. */
export function starterPolicyText(): string {
  const policy = {
    $schema: POLICY_SCHEMA_URL,
    extends: 'agentgov:recommended',
    rules: {},
    ignore: [],
  };
  return `${JSON.stringify(policy, null, 2)}\n`;
}
