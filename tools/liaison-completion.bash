# bash completion for liaison (installed as share/bash-completion/completions/liaison).
# Options come from the command's own --help, so they never drift from the program.
_liaison() {
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        mapfile -t COMPREPLY < <(compgen -W "analyze compare batch render gen --help --version" -- "$cur")
        return
    fi
    cmd=${COMP_WORDS[1]}
    case "$prev" in
    --out)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return
        ;;
    --people | --teams | --needs | --config)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    --format)
        mapfile -t COMPREPLY < <(compgen -W "ics outlook graph all" -- "$cur")
        return
        ;;
    --slice)
        mapfile -t COMPREPLY < <(compgen -W "week month 2-weeks 4-weeks" -- "$cur")
        return
        ;;
    esac
    if [[ "$cur" == -* ]]; then
        local opts
        opts=$("${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null | grep -o -- '^  --[a-z-]*')
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -o filenames -F _liaison liaison
