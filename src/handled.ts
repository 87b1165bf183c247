/**
 * The promise itself, marked as handled: it is awaited later (or not at all once the caller knows it has nothing to
 * do), and a rejection that arrives before then must not end the process as unhandled.
 */
export function handled<P extends Promise<unknown>>(promise: P): NoInfer<P> {
  promise.catch(() => undefined);
  return promise;
}
