export declare function randomBytesFromPool(length: number): Buffer;
