/** Joins the conditions that apply (false ones are skipped) with AND; every value stays a parameter. */
export function whereAll(conditions) {
    const applied = conditions.filter((condition) => condition !== false);
    return { sql: applied.map(([sql]) => sql).join(' AND '), params: applied.flatMap(([, ...params]) => params) };
}
//# sourceMappingURL=conditions.js.map