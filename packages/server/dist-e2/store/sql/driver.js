/** Rows of a query. SQL uses `?` placeholders in every dialect. */
export function* rows(sql, params = []) {
    return (yield { kind: 'rows', sql, params });
}
export function* firstRow(sql, params = []) {
    const [row] = yield* rows(sql, params);
    return row;
}
/** Runs a statement; returns how many rows it changed. */
export function* run(sql, params = []) {
    return (yield { kind: 'run', sql, params });
}
/** Tells every node's caches about this write, once it commits (never if it rolls back). */
export function* announce(changes) {
    for (const change of changes)
        yield { kind: 'announce', change };
}
/** Feeds each step's result back into the operation until it returns; the driver performs steps. */
export function drive(operation, perform) {
    let next = operation.next();
    while (!next.done)
        next = operation.next(perform(next.value));
    return next.value;
}
/** The asynchronous twin of drive, for drivers whose steps are I/O. */
export async function driveAsync(operation, perform) {
    let next = operation.next();
    while (!next.done)
        next = operation.next(await perform(next.value));
    return next.value;
}
/**
 * A batch's rows in one order for every writer (by id): two nodes writing overlapping batches
 * in one transaction each then lock rows in the same order, and never deadlock.
 */
export function byId(items, id) {
    return [...items].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}
//# sourceMappingURL=driver.js.map