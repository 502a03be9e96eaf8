import { Argument, type Command } from 'commander';

/** What a word may be at each place: the commands and options under a command path, and each option's choices. */
interface Grammar {
  words: Map<string, string[]>;
  takesValue: Set<string>;
  choices: Map<string, string[]>;
}

function grammarOf(program: Command): Grammar {
  const grammar: Grammar = { words: new Map(), takesValue: new Set(), choices: new Map() };
  const visit = (command: Command, path: string[]) => {
    const options = command.options;
    for (const option of options) {
      if (option.long && (option.required || option.optional)) grammar.takesValue.add(option.long);
      if (option.long && option.argChoices) grammar.choices.set(option.long, option.argChoices);
    }
    const subcommands = command.commands.filter((sub) => sub.name() !== 'help');
    // The program's options (--app, --json, …) are taken after any command too.
    const inherited = path.length ? program.options : [];
    const longs = [...options, ...inherited].flatMap((option) => option.long ?? []);
    grammar.words.set(path.join(' '), [...subcommands.map((sub) => sub.name()), ...longs, '--help']);
    for (const sub of subcommands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return grammar;
}

const quoted = (words: string[]) => words.join(' ').replace(/"/g, '');

/**
 * A bash completion function: finds the command path typed so far (skipping options and their
 * values), then offers that path's subcommands and options, or an option's choices after it.
 */
function bashScript(program: Command): string {
  const grammar = grammarOf(program);
  const cases = [...grammar.words].map(([path, words]) => `      "${path}") words="${quoted(words)}"; break ;;`).join('\n');
  const choices = [...grammar.choices].map(([option, values]) => `    ${option}) words="${quoted(values)}" ;;`).join('\n');
  const valued = [...grammar.takesValue].join('|');
  const free = [...grammar.takesValue].filter((option) => !grammar.choices.has(option)).join('|');
  return `# latchkey completion for bash: eval "$(latchkey completion bash)" (or save it under /etc/bash_completion.d/)
_latchkey() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" words="" i word
  case "$prev" in
${choices}
    ${free}) COMPREPLY=(); return ;;
  esac
  if [[ -z "$words" ]]; then
    for ((i = 1; i < COMP_CWORD; i++)); do
      word="\${COMP_WORDS[i]}"
      case "$word" in
        ${valued}) ((i++)) ;;
        -*) ;;
        *) path="\${path:+$path }$word" ;;
      esac
    done
    # Arguments (a user, a key) follow the command: drop words until a command path is known.
    while :; do
      case "$path" in
${cases}
      esac
      if [[ "$path" == *" "* ]]; then path="\${path% *}"; else path=""; fi
    done
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _latchkey latchkey
`;
}

/** zsh runs the bash function through its bash-completion layer (bashcompinit). */
function zshScript(program: Command): string {
  return `#compdef latchkey
# latchkey completion for zsh: eval "$(latchkey completion zsh)" in ~/.zshrc
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(program).replace(/^# .*\n/, '')}`;
}

export function completionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: eval "$(latchkey completion bash)" (or zsh)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh']))
    .action((shell: 'bash' | 'zsh') => {
      process.stdout.write(shell === 'bash' ? bashScript(program) : zshScript(program));
    });
}
