export declare function newObjectId(nowMs?: number): string;
/** The smallest id of the second `nowMs` falls in: ids made at or after that second sort at or above it. */
export declare function objectIdFloor(nowMs: number): string;
export declare const OBJECT_ID_PATTERN = "^[0-9a-f]{24}$";
export declare function isObjectId(value: string): boolean;
