import type { Command } from 'commander';
import { describeTree, type CommandInfo, type Values } from './command-tree.js';
import type { Shell } from '../../commands/completion.js';

/**
 * Shell completion scripts for bash, zsh and fish, made from commander's command tree: the commands,
 * their options (which take a value, and which values), and their arguments (choices, repeated or not)
 * are data the script is generated with; only the few lines that walk the typed words are written by
 * hand, once per shell. Account names come from `household users list` run on the store the command line
 * names (piped, it prints one tab-separated line per account, the name first): no lock, no secret, and
 * nothing typed is ever evaluated. A name is inserted quoted for the word it completes (bare, after " or
 * after '), so no name can make the shell run anything: zsh's compadd and fish do that themselves, the
 * bash script by hand (_household_quoted). Built as a file of its own (dist/completion.cjs, see
 * scripts/build.mjs), so no other command reads or compiles it.
 */

/** A word in POSIX single quotes, as bash and zsh read it back. */
function sh(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A word in fish's single quotes, where only \ and ' are escaped. */
function fish(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}

/** A description on one line, as a completion menu shows it. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface Tree {
  commands: CommandInfo[];
  /** The option that names the store (`--store`): account names are read from that store. */
  storeOption: string;
}

function treeOf(program: Command): Tree {
  const commands = describeTree(program);
  const store = program.options.find((option) => option.attributeName() === 'store')?.long;
  if (store === undefined) throw new Error('the program has no --store option to read account names with');
  for (const command of commands) {
    for (const word of [...command.path, ...command.subcommands.map((sub) => sub.name), ...command.options.flatMap((option) => option.names)]) {
      // Words go into case patterns and menus as they are; anything else would need quoting rules of its own.
      if (!/^[A-Za-z0-9][A-Za-z0-9-]*$|^--?[A-Za-z0-9][A-Za-z0-9-]*$/.test(word)) throw new Error(`cannot complete the word ${JSON.stringify(word)}`);
    }
  }
  return { commands, storeOption: store };
}

const key = (command: CommandInfo) => command.path.join(' ');

/** Sets the kind and values of a value in bash or zsh: `_household_kind=choices; _household_values=(...)`. */
function shValues(values: Values): string {
  return values.kind === 'choices'
    ? `_household_kind=choices; _household_values=(${values.choices.map(sh).join(' ')})`
    : `_household_kind=${values.kind}`;
}

/** The data functions bash and zsh share: `described` adds zsh's `name:description` to menus. */
function shData(tree: Tree, described: boolean): string {
  const item = (name: string, description: string) => sh(described ? `${name.replace(/:/g, '\\:')}:${oneLine(description)}` : name);
  const commandCases = tree.commands.map((command) => {
    const subcommands = command.subcommands.map((sub) => item(sub.name, sub.description));
    const options = command.options.flatMap((option) => option.names.map((name) => item(name, option.description)));
    return `  ${sh(key(command))}) _household_subcommands=(${subcommands.join(' ')}); _household_options=(${options.join(' ')}) ;;`;
  });
  const optionCases = tree.commands.flatMap((command) =>
    command.options.flatMap((option) => {
      if (option.values === undefined) return [];
      return [`  ${option.names.map((name) => sh(`${key(command)}/${name}`)).join(' | ')}) ${shValues(option.values)} ;;`];
    }),
  );
  const argumentCases = tree.commands.flatMap((command) =>
    command.arguments.map((argument, index) =>
      argument.variadic
        ? `  ${sh(`${key(command)}/`)}*) if (($2 >= ${index})); then ${shValues(argument.values)}; fi ;;`
        : `  ${sh(`${key(command)}/${index}`)}) ${shValues(argument.values)} ;;`,
    ),
  );
  return `# The command at path $1 (its words after the program's, space-separated): its subcommands and options.
_household_command() {
  _household_subcommands=(); _household_options=()
  case $1 in
${commandCases.join('\n')}
  esac
}

# Whether option $2 of the command at path $1 takes a value; if so, what: choices (_household_values),
# accounts (the store's account names), files, or any (nothing to offer).
_household_option() {
  _household_kind=any; _household_values=()
  case $1/$2 in
${optionCases.join('\n')}
  *) return 1 ;;
  esac
}

# What positional argument $2 (counted from 0) of the command at path $1 takes, as for options.
_household_argument() {
  _household_kind=any; _household_values=()
  case $1/$2 in
${argumentCases.join('\n')}
  esac
}

# Whether option $1 takes a value in the command typed so far or one of its parents (sets its values).
_household_takes_value() {
  local at
  for at in "\${_household_paths[@]}"; do _household_option "$at" "$1" && return 0; done
  return 1
}

_household_is_one_of() {
  local word=$1 one
  shift
  for one in "$@"; do [[ $one == "$word" ]] && return 0; done
  return 1
}`;
}

/**
 * The walk over the words before the cursor, the same in bash and zsh but for where the shell keeps
 * them: the command path typed (`at`), the positional arguments after it (`n`), the store named, and
 * `value_of`, the option whose value is under the cursor.
 */
function shWordLoop(tree: Tree, shell: { words: string; first: number; current: string; splitsAtEquals: boolean }): string {
  const store = tree.storeOption;
  const equals = shell.splitsAtEquals ? `\n      # bash splits --plan=pass at the = into three words.\n      [[ \${${shell.words}[i+1]-} == = ]] && ((i++))` : '';
  return `  for ((i = ${shell.first}; i < ${shell.current}; i++)); do
    word=\${${shell.words}[i]}
    if ((ended == 0)) && [[ $word == -* ]]; then
      if [[ $word == -- ]]; then ended=1; continue; fi
      if [[ $word == ${store}=?* ]]; then _household_unquote "\${word#*=}"; store=(${store} "$_household_word"); continue; fi
      _household_takes_value "$word" || continue${equals}
      if ((i + 1 >= ${shell.current})); then value_of=$word; break; fi
      ((i++))
      if [[ $word == ${store} ]]; then _household_unquote "\${${shell.words}[i]}"; store=(${store} "$_household_word"); fi
      continue
    fi
    _household_command "$at"
    if ((n == 0 && ended == 0)) && _household_is_one_of "$word" "\${_household_subcommands[@]%%:*}"; then
      at=\${at:+$at }$word; _household_paths+=("$at"); continue
    fi
    ((n++))
  done`;
}

function bash(tree: Tree): string {
  return `# bash completion for household, made by \`household completion bash\` from the CLI's own command tree.
# Needs nothing but bash (complete -F, compgen, compopt): not the bash-completion package.
# Install, simplest, for you (in ~/.bashrc): source <(household completion bash)
#   or for you, loaded on first use (by the bash-completion package):
#     mkdir -p ~/.local/share/bash-completion/completions
#     household completion bash > ~/.local/share/bash-completion/completions/household
#   or for everyone (by the bash-completion package):
#     household completion bash | sudo tee /etc/bash_completion.d/household > /dev/null

${shData(tree, false)}

# A word as typed, into _household_word: quotes and backslashes dropped, ~ as $HOME. Never evaluated.
_household_unquote() {
  local w=$1
  case $w in
  \\'*) w=\${w#\\'}; w=\${w%\\'} ;;
  \\"*) w=\${w#\\"}; w=\${w%\\"}; w=\${w//\\\\/} ;;
  *) w=\${w//\\\\/} ;;
  esac
  case $w in '~' | '~/'*) w=$HOME\${w#\\~} ;; esac
  _household_word=$w
}

# Reads the word under the cursor ($1) as the shell will, never evaluating it. Readline replaces only
# its last part, $2: what follows an opening quote, or a word-break character such as (. Sets
# _household_word (the value typed so far: quotes and backslashes removed, $ and \` as typed),
# _household_keep (the value of the part readline keeps) and _household_quote (the quote open where the
# replaced part begins: ' or " or none). Fails when the cursor is not at the word's end, or when the
# kept part holds an expansion ($ or \` outside single quotes), whose value only running it could tell.
_household_read_word() {
  local word=$1 from=$((\${#1} - \${#2})) quote='' value='' char i expands=0 kept=0
  # The cursor inside the word: readline would replace only the part before it.
  [[ \${COMP_LINE:0:COMP_POINT} == *"$word" ]] || return 1
  for ((i = 0; ; i++)); do
    if ((kept == 0 && i >= from)); then
      ((i == from && expands == 0)) || return 1
      kept=1; _household_keep=$value; _household_quote=$quote
    fi
    ((i < \${#word})) || break
    char=\${word:i:1}
    if [[ $quote == "'" ]]; then
      if [[ $char == "'" ]]; then quote=''; else value+=$char; fi
    elif [[ $char == '\\' ]]; then
      i=$((i + 1)); char=\${word:i:1}
      # In double quotes a backslash quotes only $ \` " and \\; before anything else it stays.
      [[ -z $quote || $char == ['$\`"\\\\'] ]] || value+='\\'
      value+=$char
    elif [[ -z $quote && ( $char == "'" || $char == '"' ) ]]; then
      quote=$char
    elif [[ $quote == '"' && $char == '"' ]]; then
      quote=''
    else
      [[ $char == ['$\`'] ]] && expands=1
      value+=$char
    fi
  done
  _household_word=$value
}

# Candidate $1 as readline must insert it, into _household_insert: the part after the value kept
# (_household_keep), quoted for the quote open there (_household_quote). Without a quote, printf %q.
# In double quotes $ \` " \\ take a backslash; ! (history expansion, where a backslash would stay)
# is written outside them: "\\!". In single quotes ' is '\\''. Readline closes the quote after a single
# match unless the text already ends with that character (an escaped one, say): then this adds it.
_household_quoted() {
  local rest=\${1:\${#_household_keep}} out='' char i
  if [[ -z $_household_quote ]]; then
    printf -v _household_insert '%q' "$rest"
    return
  fi
  for ((i = 0; i < \${#rest}; i++)); do
    char=\${rest:i:1}
    if [[ $_household_quote == "'" ]]; then
      [[ $char == "'" ]] && char="'\\\\''"
    else
      case $char in
      '$' | '\`' | '"' | '\\') char=\\\\$char ;;
      '!') char='"\\!"' ;;
      esac
    fi
    out+=$char
  done
  [[ $out == *"$_household_quote" ]] && out+=$_household_quote
  _household_insert=$out
}

_household() {
  local cur=\${COMP_WORDS[COMP_CWORD]} text=$2 at='' word prog i n=0 ended=0 value_of='' candidate
  local _household_word _household_kind _household_keep _household_quote _household_insert
  local -a _household_paths=('') store=() _household_values _household_subcommands _household_options
  _household_unquote "\${COMP_WORDS[0]}"; prog=$_household_word
${shWordLoop(tree, { words: 'COMP_WORDS', first: 1, current: 'COMP_CWORD', splitsAtEquals: true })}
  if [[ -n $value_of ]]; then
    # bash splits --plan=pass at the =: the word under the cursor is the = itself when nothing follows it.
    [[ $cur == = ]] && cur='' text=''
    _household_takes_value "$value_of"
  elif ((ended == 0)) && [[ $cur == -* ]]; then
    _household_kind=choices; _household_values=()
    for word in "\${_household_paths[@]}"; do
      _household_command "$word"
      # Every command has its own --help: offered once.
      for candidate in "\${_household_options[@]}"; do _household_is_one_of "$candidate" "\${_household_values[@]}" || _household_values+=("$candidate"); done
    done
  else
    _household_command "$at"
    if ((n == 0 && \${#_household_subcommands[@]} > 0)); then
      _household_kind=choices; _household_values=("\${_household_subcommands[@]}")
    else
      _household_argument "$at" "$n"
    fi
  fi
  COMPREPLY=()
  case $_household_kind in
  files)
    # Readline quotes file names itself (-o filenames), for the quote the word was opened with.
    _household_unquote "$cur"
    compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$_household_word"); return ;;
  any) return ;;
  esac
  # Before the store is read: a word no name can be inserted into costs no run of the CLI.
  _household_read_word "$cur" "$text" || return
  if [[ $_household_kind == accounts ]]; then
    # Piped, users list prints name<TAB>kind<TAB>...: no lock, no secret, and nothing on any error.
    _household_values=()
    while IFS=$'\\t' read -r candidate _; do _household_values+=("$candidate"); done < <("$prog" "\${store[@]}" --no-input users list </dev/null 2>/dev/null)
  fi
  for candidate in "\${_household_values[@]}"; do
    [[ $candidate == "$_household_word"* ]] || continue
    _household_quoted "$candidate"
    COMPREPLY+=("$_household_insert")
  done
}
complete -F _household household
`;
}

function zsh(tree: Tree): string {
  return `#compdef household
# zsh completion for household, made by \`household completion zsh\` from the CLI's own command tree.
# Install, for you (in ~/.zshrc, after compinit): source <(household completion zsh)
#   or for everyone (any folder in $fpath, as _household), then restart zsh:
#     household completion zsh | sudo tee /usr/local/share/zsh/site-functions/_household > /dev/null

${shData(tree, true)}

# A word as typed, into _household_word: one level of quoting removed, ~ as $HOME. Never evaluated.
_household_unquote() {
  local w=\${(Q)1}
  case $w in '~' | '~/'*) w=$HOME\${w#\\~} ;; esac
  _household_word=$w
}

_household() {
  # No emulate here: the completion system has set its own options (_comp_options), which it needs.
  local cur=\${words[CURRENT]} at='' word prog i n=0 ended=0 value_of='' _household_word _household_kind
  local -a _household_paths store _household_values _household_subcommands _household_options described
  _household_paths=('')
  _household_unquote "\${words[1]}"; prog=$_household_word
${shWordLoop(tree, { words: 'words', first: 2, current: 'CURRENT', splitsAtEquals: false })}
  if [[ -n $value_of ]]; then
    _household_takes_value "$value_of"
  elif ((ended == 0)) && [[ $cur == --*=* ]] && _household_takes_value "\${cur%%=*}"; then
    compset -P '*='
  elif ((ended == 0)) && [[ $cur == -* ]]; then
    for word in "\${_household_paths[@]}"; do _household_command "$word"; described+=("\${_household_options[@]}"); done
    # Every command has its own --help: offered once.
    described=("\${(@u)described}")
    _describe -t options option described
    return
  else
    _household_command "$at"
    if ((n == 0 && \${#_household_subcommands} > 0)); then
      _describe -t commands command _household_subcommands
      return
    fi
    _household_argument "$at" "$n"
  fi
  case $_household_kind in
  files) _files ;;
  accounts)
    # Piped, users list prints name<TAB>kind<TAB>...: no lock, no secret, and nothing on any error.
    _household_values=(\${\${(f)"$("$prog" "\${store[@]}" --no-input users list </dev/null 2>/dev/null)"}%%$'\\t'*})
    compadd -a _household_values ;;
  choices) compadd -a _household_values ;;
  esac
}

if [[ \${funcstack[1]-} == _household ]]; then _household "$@"; else compdef _household household; fi
`;
}

function fishValues(values: Values): string {
  return values.kind === 'choices'
    ? `set -g __household_kind choices; set -g __household_values ${values.choices.map(fish).join(' ')}`
    : `set -g __household_kind ${values.kind}`;
}

function fishScript(tree: Tree): string {
  const item = (name: string, description: string) => `${fish(name)}\\t${fish(oneLine(description))}`;
  const commandCases = tree.commands.map((command) => {
    const subcommands = command.subcommands.map((sub) => item(sub.name, sub.description));
    const options = command.options.flatMap((option) => option.names.map((name) => item(name, option.description)));
    return `        case ${fish(key(command))}
            set -g __household_subcommands ${subcommands.join(' ')}
            set -g __household_options ${options.join(' ')}`;
  });
  const optionCases = tree.commands.flatMap((command) =>
    command.options.flatMap((option) =>
      option.values === undefined
        ? []
        : [`        case ${option.names.map((name) => fish(`${key(command)}/${name}`)).join(' ')}\n            ${fishValues(option.values)}`],
    ),
  );
  const argumentCases = tree.commands.flatMap((command) =>
    command.arguments.map((argument, index) =>
      argument.variadic
        ? `        case ${fish(`${key(command)}/*`)}\n            test $index -ge ${index}; and ${fishValues(argument.values)}`
        : `        case ${fish(`${key(command)}/${index}`)}\n            ${fishValues(argument.values)}`,
    ),
  );
  const store = tree.storeOption;
  return `# fish completion for household, made by \`household completion fish\` from the CLI's own command tree.
# Install, for you:
#   mkdir -p ~/.config/fish/completions
#   household completion fish > ~/.config/fish/completions/household.fish

# The command at path $at (its words after the program's, space-separated): its subcommands and options.
function __household_command --argument-names at
    set -g __household_subcommands
    set -g __household_options
    switch "$at"
${commandCases.join('\n')}
    end
end

# Whether option $option of the command at path $at takes a value; if so, what: choices
# (__household_values), accounts (the store's account names), files, or any (nothing to offer).
function __household_option --argument-names at option
    set -g __household_kind any
    set -g __household_values
    switch "$at/$option"
${optionCases.join('\n')}
        case '*'
            return 1
    end
    # fish's set keeps the status it found (a failure of the call before, say): this one's is 0.
    return 0
end

# What positional argument $index (counted from 0) of the command at path $at takes, as for options.
function __household_argument --argument-names at index
    set -g __household_kind any
    set -g __household_values
    switch "$at/$index"
${argumentCases.join('\n')}
    end
end

function __household_takes_value --argument-names option
    for at in $__household_paths
        if __household_option "$at" $option
            return 0
        end
    end
    return 1
end

# A word as fish tokenized it (quotes already removed), with ~ as $HOME. Never evaluated.
function __household_home --argument-names word
    if string match -q -r '^~(/|$)' -- $word
        set word $HOME(string sub -s 2 -- $word)
    end
    printf '%s\\n' $word
end

function __household_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l prog (__household_home $tokens[1])
    set -l at ''
    set -l store
    set -l n 0
    set -l ended 0
    set -l value_of
    set -l prefix
    set -g __household_paths ''
    set -l i 2
    while test $i -le (count $tokens)
        set -l word $tokens[$i]
        set i (math $i + 1)
        if test $ended = 0; and string match -q -- '-*' $word
            if test "$word" = --
                set ended 1
            else if string match -q -- '${store}=?*' $word
                set store ${store} (__household_home (string replace -- '${store}=' '' $word))
            else if __household_takes_value $word
                if test $i -gt (count $tokens)
                    set value_of $word
                    break
                end
                test "$word" = ${store}; and set store ${store} (__household_home $tokens[$i])
                set i (math $i + 1)
            end
            continue
        end
        __household_command "$at"
        if test $n = 0 -a $ended = 0; and contains -- $word (string replace -r '\\t.*' '' -- $__household_subcommands)
            set at (string trim -- "$at $word")
            set -a __household_paths $at
            continue
        end
        set n (math $n + 1)
    end
    if set -q value_of[1]
        __household_takes_value $value_of
    else if test $ended = 0; and string match -q -- '--*=*' $cur; and __household_takes_value (string replace -r '=.*' '' -- $cur)
        set prefix (string replace -r '=.*' '=' -- $cur)
        set cur (string replace -r '^[^=]*=' '' -- $cur)
    else if test $ended = 0; and string match -q -- '-*' $cur
        for at in $__household_paths
            __household_command "$at"
            printf '%s\\n' $__household_options
        end
        return
    else
        __household_command "$at"
        if test $n = 0; and set -q __household_subcommands[1]
            printf '%s\\n' $__household_subcommands
            return
        end
        __household_argument "$at" $n
    end
    switch $__household_kind
        case files
            # The token as typed, quotes and all (\"./my fi): the path it names, for __fish_complete_path.
            __fish_complete_path (string unescape -- $cur) | string replace -r '^' -- "$prefix"
        case accounts
            # Piped, users list prints name<TAB>kind<TAB>...: no lock, no secret, and nothing on any error.
            command $prog $store --no-input users list </dev/null 2>/dev/null | string split -f1 \\t | string replace -r '^' -- "$prefix"
        case choices
            printf '%s\\n' "$prefix"$__household_values
    end
end

complete -c household -f -a '(__household_complete)'
`;
}

export function completionScript(program: Command, shell: Shell): string {
  const tree = treeOf(program);
  return { bash, zsh, fish: fishScript }[shell](tree);
}
