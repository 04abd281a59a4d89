# bash completion for caseload(1): commands, options, case ids (the folders
# in cases/) and worker and program ids (the keys under workers: and
# programs: in caseload.yaml). Installed as
# share/bash-completion/completions/caseload.

# _caseload_root: the caseload folder: -C DIR on the command line, else the
# nearest folder upward from the current one that holds caseload.yaml.
# Called from _caseload, whose words and cword it reads.
_caseload_root()
{
	local i dir=
	# words and cword are _caseload's, --opt=value kept as one word
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-C | --directory) ((i + 1 < cword)) && dir=${words[i + 1]} ;;
		-C?*) dir=${words[i]#-C} ;;
		--directory=*) dir=${words[i]#--directory=} ;;
		-*) ;;
		*) break ;; # the command: -C after it is not caseload's
		esac
	done
	if [[ -n $dir ]]; then
		dir=${dir/#\~/$HOME}
		[[ -f $dir/caseload.yaml ]] && printf '%s\n' "$dir"
		return
	fi
	dir=$PWD
	while [[ -n $dir ]]; do
		[[ -f $dir/caseload.yaml ]] && { printf '%s\n' "$dir"; return; }
		dir=${dir%/*}
	done
	[[ -f /caseload.yaml ]] && printf '/\n'
}

_caseload_cases()
{
	local root d
	root=$(_caseload_root) || return
	[[ -n $root ]] || return
	for d in "$root"/cases/*/; do
		[[ -d $d ]] || continue
		d=${d%/}
		printf '%s\n' "${d##*/}"
	done
}

# _caseload_keys SECTION: the keys one level under SECTION: in caseload.yaml.
_caseload_keys()
{
	local root
	root=$(_caseload_root) || return
	[[ -n $root && -f $root/caseload.yaml ]] || return
	awk -v sec="$1" '
		$0 ~ "^" sec ":" { in_sec = 1; lvl = 0; next }
		in_sec && /^[^ #]/ { in_sec = 0 }
		in_sec && /^ +[A-Za-z0-9][A-Za-z0-9_-]*:/ {
			match($0, /^ +/)
			if (!lvl) lvl = RLENGTH
			if (RLENGTH == lvl) { sub(/^ +/, ""); sub(/:.*/, ""); print }
		}' "$root/caseload.yaml"
}

_caseload()
{
	local cur prev words cword split=false
	if declare -F _init_completion >/dev/null; then
		# -s: --worker=ID completes ID, as --worker ID does
		_init_completion -s || return
	else
		# bash splits --worker=ID at '=' into three words: join them again
		local k
		words=()
		cword=0
		for ((k = 0; k < ${#COMP_WORDS[@]}; k++)); do
			if [[ ${COMP_WORDS[k]} == = && ${#words[@]} -gt 0 && ${words[-1]} == --* ]]; then
				words[-1]+==
				((k == COMP_CWORD)) && cword=$((${#words[@]} - 1))
				if ((k + 1 < ${#COMP_WORDS[@]})) && ((k + 1 <= COMP_CWORD)); then
					((k++))
					words[-1]+=${COMP_WORDS[k]}
				fi
			else
				words+=("${COMP_WORDS[k]}")
			fi
			((k == COMP_CWORD)) && cword=$((${#words[@]} - 1))
		done
		cur=${words[cword]}
		prev=${words[cword - 1]}
		if [[ $cur == --*=* ]]; then
			prev=${cur%%=*}
			cur=${cur#*=}
			split=true
		fi
	fi
	local commands="check due build audit export report digest init new"
	local i cmd= ci=0
	# the command: the first word that is neither a global option nor its value
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-C | --directory | --at | --as-of) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; ci=$i; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		case $prev in
		-C | --directory) COMPREPLY=($(compgen -d -- "$cur")); return ;;
		--at)
			local root
			root=$(_caseload_root)
			COMPREPLY=($(compgen -W "HEAD $(git -C "${root:-.}" for-each-ref --format='%(refname:short)' 2>/dev/null)" -- "$cur"))
			return
			;;
		--as-of) COMPREPLY=($(compgen -W "$(date +%Y-%m-%d)" -- "$cur")); return ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-C --directory --at --as-of --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	# the command's own words before cur, options left out
	local args=() j
	for ((j = ci + 1; j < cword; j++)); do
		case ${words[j]} in
		--format | --within | --worker | --program | --case | -o | --templates | --client | --kind | --by | --date | --from | --to | --since | --jobs) ((j++)) ;;
		-*) ;;
		*) args+=("${words[j]}") ;;
		esac
	done

	case $prev in
	--worker | --by) COMPREPLY=($(compgen -W "$(_caseload_keys workers)" -- "$cur")); return ;;
	--program) COMPREPLY=($(compgen -W "$(_caseload_keys programs)" -- "$cur")); return ;;
	--case) COMPREPLY=($(compgen -W "$(_caseload_cases)" -- "$cur")); return ;;
	-o | --templates) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--within | --client | --date | --from | --to | --since) return ;;
	--kind) COMPREPLY=($(compgen -W "visit phone message meeting followup collateral admin feedback" -- "$cur")); return ;;
	--format)
		case $cmd in
		check | audit) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		due) COMPREPLY=($(compgen -W "text json csv ics" -- "$cur")) ;;
		export) COMPREPLY=($(compgen -W "csv json" -- "$cur")) ;;
		report) COMPREPLY=($(compgen -W "text md html csv json" -- "$cur")) ;;
		digest) COMPREPLY=($(compgen -W "text md eml" -- "$cur")) ;;
		esac
		return
		;;
	esac

	local opts=
	case $cmd in
	check) opts="--format --strict --staged --help" ;;
	due) opts="--format --within --all --worker --program --case --names --help" ;;
	build) opts="-o --templates --redact --strict --jobs --help" ;;
	audit) opts="--all --format --help" ;;
	export) opts="--format --redact --case --worker --program --help" ;;
	report) opts="--from --to --program --redact --format --help" ;;
	digest) opts="--worker --team --since --format --names --help" ;;
	init) opts="--help" ;;
	new)
		case ${args[0]} in
		case) opts="--program --worker --client --help" ;;
		note) opts="--kind --by --date --help" ;;
		assessment) opts="--by --date --help" ;;
		*) opts="--help" ;;
		esac
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case $cmd in
	check | audit) COMPREPLY=($(compgen -W "$(_caseload_cases)" -- "$cur")) ;;
	export) ((${#args[@]} == 0)) && COMPREPLY=($(compgen -W "cases goals steps assessments notes followups due" -- "$cur")) ;;
	init) COMPREPLY=($(compgen -d -- "$cur")) ;;
	new)
		if ((${#args[@]} == 0)); then
			COMPREPLY=($(compgen -W "case note assessment" -- "$cur"))
		elif ((${#args[@]} == 1)) && [[ ${args[0]} == note || ${args[0]} == assessment ]]; then
			COMPREPLY=($(compgen -W "$(_caseload_cases)" -- "$cur"))
		fi
		;;
	esac
}
complete -F _caseload caseload
