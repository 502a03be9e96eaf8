/** One condition of a WHERE clause and the values of its placeholders. */
export type Condition = readonly [sql: string, ...params: unknown[]];
/** Joins the conditions that apply (false ones are skipped) with AND; every value stays a parameter. */
export declare function whereAll(conditions: (Condition | false)[]): {
    sql: string;
    params: unknown[];
};
