import Fastify from 'fastify';
import { z } from 'zod';

const PORT = Number(process.env.PORT ?? 3000);

const createOrderBody = z.object({
  cartId: z.string().uuid(),
  amountCents: z.number().int().positive(),
  currency: z.enum(['EUR', 'USD', 'GBP']),
});

export function buildServer() {
  const app = Fastify({ logger: true });

  app.get('/health', async () => ({ status: 'ok' }));

  app.post('/orders', async (request, reply) => {
    const parsed = createOrderBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ issues: parsed.error.issues });
    // Persisting the order is done by src/db in the real service; the demo only echoes it.
    return reply.code(201).send({ id: crypto.randomUUID(), ...parsed.data, status: 'pending' });
  });

  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = buildServer();
  app.listen({ port: PORT, host: '0.0.0.0' }).catch((error: unknown) => {
    app.log.error(error);
    process.exit(1);
  });
}
