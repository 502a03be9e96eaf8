import Table from 'cli-table3';
const cell = (value) => {
    if (value === null || value === undefined)
        return '–';
    if (Array.isArray(value))
        return value.length ? value.join(', ') : '–';
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    return JSON.stringify(value);
};
function table(head, rows) {
    const rendered = new Table({
        head,
        chars: {
            top: '',
            'top-mid': '',
            'top-left': '',
            'top-right': '',
            bottom: '',
            'bottom-mid': '',
            'bottom-left': '',
            'bottom-right': '',
            left: '',
            'left-mid': '',
            mid: '',
            'mid-mid': '',
            right: '',
            'right-mid': '',
            middle: '  ',
        },
        style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    rendered.push(...rows);
    // The last column is padded too: no trailing spaces on any line.
    return rendered
        .toString()
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n');
}
/** A list: a table for people (or a line saying it is empty), the array itself with --json. */
export function printList(context, rows, columns, empty) {
    if (context.json)
        return printJson(rows);
    if (rows.length === 0)
        return void process.stdout.write(`${empty}\n`);
    process.stdout.write(table(columns.map(([heading]) => heading), rows.map((row) => columns.map(([, value]) => cell(value(row))))) + '\n');
}
/** One object: name / value lines for people, the object itself with --json. */
export function printRecord(context, record) {
    if (context.json)
        return printJson(record);
    process.stdout.write(table([], Object.entries(record).map(([name, value]) => [name, cell(value)])).replace(/^\n/, '') + '\n');
}
/** What a command did: a sentence for people, an object for scripts. */
export function printDone(context, sentence, result) {
    if (context.json)
        printJson({ ok: true, ...result });
    else
        process.stdout.write(`${sentence}\n`);
}
export function printJson(value) {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
//# sourceMappingURL=output.js.map