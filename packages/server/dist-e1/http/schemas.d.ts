import type { FastifyReply } from 'fastify';
import Type from 'typebox';
export declare const ErrorBody: Type.TObject<{
    error: Type.TString;
    error_code: Type.TString;
    link: Type.TOptional<Type.TString>;
}>;
/** Every route declares its error shape, so serialisation can never leak more than these fields. */
export declare const ErrorResponses: {
    '4xx': Type.TUnsafe<{
        link?: string | undefined;
        error: string;
        error_code: string;
    }>;
    '5xx': Type.TUnsafe<{
        link?: string | undefined;
        error: string;
        error_code: string;
    }>;
};
/** Summary, tag and authentication of a route, for the OpenAPI document. */
export declare function describeRoute(tag: string, summary: string, auth?: 'accessToken' | 'refreshToken' | 'adminToken'): {
    security?: {
        [auth]: never[];
    }[] | undefined;
    summary: string;
    tags: string[];
};
export declare const ObjectId: Type.TString;
/** The client app id in a path (`/app/{appId}/…`, `/apps/{appId}/…`), by the domain's own pattern. */
export declare const ClientAppId: Type.TString;
export declare const AppIdParams: Type.TObject<{
    appId: Type.TString;
}>;
/** 204 with no body and no content type: realm-web parses any JSON-typed answer, even an empty one. */
export declare function noContent(reply: FastifyReply): FastifyReply;
