#!/usr/bin/env bash
# What Salla.Codegen adds to a consumer's edit-build: a `dotnet new console` app without the package, with it
# (the README's quick start as Program.cs), with every event generated (SallaCodegenEvents=*), and optionally the
# same quick start on the package packed from another git ref. Each round edits Program.cs of every consumer and
# times `dotnet build` (wall clock), with the compiler server on and off, the consumers side by side.
#
#   benchmarks/build-cost.sh [rounds] [baseline-git-ref]      (default 5 rounds, no baseline; 5-7 minutes with a baseline on 2 cores)
#
# Compiler server on: `dotnet build --no-restore`, after one untimed edit-build of each consumer with the server running
# (checked in its log). An environment that turns the server or node reuse off (UseSharedCompilation=false,
# MSBUILDDISABLENODEREUSE=1) has those variables removed for the consumers' commands (the packs keep them), so that
# "on" is a developer's default build.
# Compiler server off: `dotnet build --no-restore -p:UseSharedCompilation=false -nodeReuse:false`, after
# `dotnet build-server shutdown` (which also stops a compiler server that other builds of this user share).
set -euo pipefail
. "$(dirname "$0")/local-feed.sh"

rounds="${1:-5}"
baseline_ref="${2:-}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [rounds] [baseline-git-ref]" >&2; exit 2; }
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
base_tree="$work/base"
servers=0  # 1 while build servers this script started may be running
cleanup() {
  if [ "$servers" = 1 ]; then cdotnet build-server shutdown >/dev/null 2>&1 || true; fi
  if [ -d "$base_tree" ]; then git -C "$repo" worktree remove --force "$base_tree" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
started="$(date +%s)"
epoch="$(date +%s)"
version="0.1.0-buildcost.$epoch"
base_version="0.0.1-base.$epoch"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
removed=() unset_args=()
for v in $(compgen -e); do
  case "${v,,}" in usesharedcompilation | msbuilddisablenodereuse) removed+=("$v=${!v}"); unset_args+=(-u "$v") ;; esac
done
[ ${#removed[@]} -eq 0 ] || echo "removed from the consumers' environment, so that the compiler server and node reuse are on by default: ${removed[*]}"
# The consumers restore into a package folder of their own (NUGET_PACKAGES is set for their commands only): packing
# with it would point the repository's obj/project.assets.json at this temp dir, under anyone building there meanwhile.
consumer_packages="$work/packages"
cdotnet() { env "${unset_args[@]}" NUGET_PACKAGES="$consumer_packages" dotnet "$@"; }

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start="$(load)"
head_sha="$(git -C "$repo" rev-parse --short HEAD)"
if [ -n "$(git -C "$repo" --no-optional-locks status --porcelain)" ]; then tree_state="dirty"; else tree_state="clean"; fi

fail_log() { tail -40 "$1" >&2; echo "$2 (log: see above)" >&2; exit 1; }

# The ```csharp block after the line starting with `<!-- quickstart:`, as the package tests read it.
quickstart="$work/quickstart.cs"
awk '/^<!-- quickstart:/ {found = 1; next}
     found == 1 && /^```csharp$/ {found = 2; next}
     found == 1 && NF {exit 1}
     found == 2 && /^```/ {done = 1; exit}
     found == 2 {print}
     END {if (!done) exit 1}' "$repo/README.md" >"$quickstart" \
  || { echo "README.md has no \`<!-- quickstart:\` line followed by a csharp block" >&2; exit 1; }

echo "packing Salla.Codegen $version from the working tree ($head_sha, $tree_state) ..."
dotnet pack "$repo/runtime/Salla.Codegen.Runtime" -c Release -o "$work/feed" -p:Version="$version" -v:q -nologo >"$work/pack.log" 2>&1 \
  || fail_log "$work/pack.log" "packing the working tree failed"
consumers=(plain package package-all)
if [ -n "$baseline_ref" ]; then
  base_sha="$(git -C "$repo" rev-parse --verify --short "$baseline_ref^{commit}")" || { echo "no commit '$baseline_ref'" >&2; exit 1; }
  echo "packing Salla.Codegen $base_version from $baseline_ref ($base_sha) ..."
  git -C "$repo" worktree add --detach "$base_tree" "$base_sha" >"$work/worktree.log" 2>&1 || fail_log "$work/worktree.log" "git worktree add failed"
  dotnet pack "$base_tree/runtime/Salla.Codegen.Runtime" -c Release -o "$work/feed" -p:Version="$base_version" -v:q -nologo >"$work/pack-base.log" 2>&1 \
    || fail_log "$work/pack-base.log" "packing $baseline_ref failed"
  consumers+=(baseline)
fi

mkdir -p "$work/consumers"
write_nuget_config "$work/consumers" "$work/feed"

for c in "${consumers[@]}"; do
  dir="$work/consumers/$c"
  cdotnet new console -f net10.0 -o "$dir" -n "Consumer_${c//-/_}" --no-restore >"$work/new-$c.log" 2>&1 || fail_log "$work/new-$c.log" "dotnet new console ($c) failed"
  case "$c" in
    plain) ;;
    baseline) cdotnet add "$dir" package Salla.Codegen --version "$base_version" --no-restore >"$work/add-$c.log" 2>&1 || fail_log "$work/add-$c.log" "dotnet add package ($c) failed" ;;
    *) cdotnet add "$dir" package Salla.Codegen --version "$version" --no-restore >"$work/add-$c.log" 2>&1 || fail_log "$work/add-$c.log" "dotnet add package ($c) failed" ;;
  esac
  [ "$c" = plain ] || cp "$quickstart" "$dir/Program.cs"
  if [ "$c" = package-all ]; then
    sed -i 's#</Project>#  <PropertyGroup>\n    <SallaCodegenEvents>*</SallaCodegenEvents>\n  </PropertyGroup>\n</Project>#' "$dir"/*.csproj
    grep -q '<SallaCodegenEvents>\*</SallaCodegenEvents>' "$dir"/*.csproj || { echo "could not set SallaCodegenEvents in $c" >&2; exit 1; }
  fi
  cdotnet restore "$dir" -nologo >"$work/restore-$c.log" 2>&1 || fail_log "$work/restore-$c.log" "restoring $c failed"
done

# build <consumer> <log> [extra arguments]: one `dotnet build --no-restore`; prints its wall-clock milliseconds.
build() {
  local c="$1" log="$2" t0 t1
  shift 2
  t0="$(date +%s%N)"
  cdotnet build "$work/consumers/$c" --no-restore -nologo "$@" >"$log" 2>&1 || fail_log "$log" "building $c failed"
  t1="$(date +%s%N)"
  echo $(((t1 - t0) / 1000000))
}
# Distinct warnings of a build log, as "CS8618 x1, SALLA002 x1" (MSBuild repeats each one in its summary).
warnings() {
  { grep -E ': warning [A-Z]+[0-9]+' "$1" || true; } | sed 's/^ *//' | sort -u | grep -oE ': warning [A-Z]+[0-9]+' | awk '{print $3}' \
    | sort | uniq -c | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}' || true
}
edit() { echo "// edit $2 $3" >>"$work/consumers/$1/Program.cs"; }

off=(-p:UseSharedCompilation=false -nodeReuse:false)
echo "first builds ..."
for c in "${consumers[@]}"; do
  build "$c" "$work/first-$c.log" "${off[@]}" >/dev/null
  w="$(warnings "$work/first-$c.log")"
  echo "  $c: built${w:+, warnings: $w}"
done

median() { sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
n=0
for r in $(seq 1 "$rounds"); do
  # Rotate which consumer goes first.
  order=()
  for i in "${!consumers[@]}"; do order+=("${consumers[$(((i + r - 1) % ${#consumers[@]}))]}"); done
  for mode in on off; do
    if [ "$mode" = on ]; then
      args=()
      servers=1
      for c in "${order[@]}"; do
        n=$((n + 1))
        edit "$c" "$r" "$n"
        build "$c" "$work/warmup-$r-$c.log" -v:n >/dev/null
        grep -q 'CompilerServer: server - server processed compilation' "$work/warmup-$r-$c.log" \
          || fail_log "$work/warmup-$r-$c.log" "the warm-up build of $c did not compile in the compiler server"
      done
    else
      args=("${off[@]}")
      cdotnet build-server shutdown >/dev/null 2>&1 || true
      servers=0
    fi
    line="round $r, server $mode:"
    for c in "${order[@]}"; do
      n=$((n + 1))
      edit "$c" "$r" "$n"
      ms="$(build "$c" "$work/build-$r-$mode-$c.log" "${args[@]}")"
      echo "$r $ms" >>"$work/times-$mode-$c.txt"
      line+=" $c $ms ms,"
    done
    echo "${line%,}"
  done
done

# Generated files of each package consumer, after the timing (an edit first: a changed property alone does not rerun the compile).
declare -A gen_files gen_chars prebuilt
for c in "${consumers[@]}"; do
  [ "$c" = plain ] && continue
  edit "$c" emit 0
  build "$c" "$work/emit-$c.log" "${off[@]}" -p:EmitCompilerGeneratedFiles=true >/dev/null
  find "$work/consumers/$c/obj" -path '*/generated/Salla.Codegen.Generator/*' -name '*.cs' -print0 >"$work/generated-$c.txt"
  gen_files[$c]="$(tr -cd '\0' <"$work/generated-$c.txt" | wc -c)"
  gen_chars[$c]="$(xargs -0 -r cat <"$work/generated-$c.txt" | LC_ALL=C.utf8 wc -m)"
  # The package's prebuilt models, where the consumer's build referenced them (the defaults of this package version).
  if find "$work/consumers/$c/bin" -name Salla.Events.dll | grep -q .; then prebuilt[$c]=yes; else prebuilt[$c]=no; fi
  [ "${gen_files[$c]}" -gt 0 ] || [ "${prebuilt[$c]}" = yes ] \
    || echo "warning: no files of Salla.Codegen.Generator under $c/obj/**/generated, and no prebuilt Salla.Events.dll" >&2
done

# cell <mode> <consumer>: "median (run, run, ...)"; ratio <mode> <consumer>: median of the per-round ratios to plain.
cell() { printf '%s (%s)' "$(awk '{print $2}' "$work/times-$1-$2.txt" | median)" "$(awk '{print $2}' "$work/times-$1-$2.txt" | paste -sd, | sed 's/,/, /g')"; }
ratio() {
  awk 'NR == FNR {plain[$1] = $2; next} ($1 in plain) {printf "%.4f\n", $2 / plain[$1]}' "$work/times-$1-plain.txt" "$work/times-$1-$2.txt" \
    | median | awk '{printf "%.2f×", $1}'
}
fmt() { echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }

elapsed=$(($(date +%s) - started))
echo
echo "Measured $(date -u -d "@$started" '+%Y-%m-%d %H:%M')–$(date -u '+%H:%M') UTC, code $head_sha ($tree_state working tree)${baseline_ref:+, baseline $baseline_ref = $base_sha}; nproc $(nproc);" \
  "load average $load_start at the start, $(load) at the end; .NET SDK $(cd "$work/consumers" && dotnet --version); $rounds round(s), $((elapsed / 60)) min $((elapsed % 60)) s${removed[0]:+; removed from the environment of the consumer builds: ${removed[*]}}."
echo
echo "Edit-build wall clock in ms: median (every round's run, in round order); ÷ plain = median of the per-round ratios."
echo
echo "| consumer | server on | ÷ plain | server off | ÷ plain |"
echo "|---|---:|---:|---:|---:|"
for c in "${consumers[@]}"; do
  echo "| $c | $(cell on "$c") | $(ratio on "$c") | $(cell off "$c") | $(ratio off "$c") |"
done
echo
echo "| consumer | package | prebuilt models referenced | generated files | characters |"
echo "|---|---|---|---:|---:|"
for c in "${consumers[@]}"; do
  case "$c" in plain) continue ;; baseline) v="$base_version" ;; *) v="$version" ;; esac
  echo "| $c | $v | ${prebuilt[$c]} | ${gen_files[$c]} | $(fmt "${gen_chars[$c]}") |"
done
