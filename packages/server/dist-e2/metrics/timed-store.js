/**
 * The store, with each operation that returns a promise timed into `observe` (the name of the
 * store method is the label). A Proxy, so every method, present and future, is measured
 * without a hand-written wrapper each; the wrappers are made once per method, not per call.
 */
export function timedStore(store, observe) {
    const wrappers = new Map();
    return new Proxy(store, {
        get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (typeof value !== 'function' || typeof property !== 'string')
                return value;
            let wrapper = wrappers.get(property);
            if (!wrapper) {
                const method = value;
                wrapper = (...args) => {
                    const started = performance.now();
                    const result = method.apply(target, args);
                    if (!(result instanceof Promise))
                        return result;
                    const done = () => observe(property, (performance.now() - started) / 1000);
                    return result.finally(done);
                };
                wrappers.set(property, wrapper);
            }
            return wrapper;
        },
    });
}
//# sourceMappingURL=timed-store.js.map