/** Builds the server against a throwaway in-memory store, only to read its OpenAPI document. */
export declare function generateOpenApiDocument(): Promise<unknown>;
