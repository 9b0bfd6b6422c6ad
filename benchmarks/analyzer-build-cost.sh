#!/usr/bin/env bash
# What the Salla analyzers add to a real `dotnet build`, the cross-check of AnalyzerCost:
# AnalyzerCost's 200-file consumer, built from the packed Salla.Codegen package with and without the package's
# analyzer assemblies, alternating, with csc's -reportanalyzer figures.
#
#   benchmarks/analyzer-build-cost.sh [pairs]      (default 8 pairs, about 6 minutes on 2 cores)
#
# Every build is a Rebuild in a fresh csc process (UseSharedCompilation=false), so the analyzers' JIT is included.
set -euo pipefail
. "$(dirname "$0")/local-feed.sh"

pairs="${1:-8}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-buildcost.$(date +%s)"
export NUGET_PACKAGES="$work/packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "packing Salla.Codegen $version ..."
dotnet pack "$repo/runtime/Salla.Codegen.Runtime" -c Release -o "$work/feed" -p:Version="$version" -v:q -nologo >/dev/null
dotnet run -c Release --project "$repo/benchmarks/Salla.Codegen.Benchmarks.Generator" -- --write-analyzer-consumer "$work/consumer"

write_nuget_config "$work/consumer" "$work/feed"
cat >"$work/consumer/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <LangVersion>12</LangVersion>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <UseSharedCompilation>false</UseSharedCompilation>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Salla.Codegen" Version="$version" />
  </ItemGroup>
  <!-- -p:SallaAnalyzers=false: the package's generator stays, its analyzer and code-fix assemblies are dropped. -->
  <Target Name="DropSallaAnalyzers" BeforeTargets="CoreCompile" Condition="'\$(SallaAnalyzers)' == 'false'">
    <ItemGroup>
      <_SallaAnalyzerAssembly Include="@(Analyzer)" Condition="'%(Filename)' == 'Salla.Codegen.Analyzers' or '%(Filename)' == 'Salla.Codegen.CodeFixes'" />
      <Analyzer Remove="@(_SallaAnalyzerAssembly)" />
    </ItemGroup>
  </Target>
</Project>
EOF

cd "$work/consumer"
dotnet restore -v:q -nologo >/dev/null
expected="$(cat expected-diagnostics.txt)"

# build <with:true|false> <log>; prints the Csc task's milliseconds.
build() {
  dotnet build --no-restore -nologo -nodeReuse:false -t:Rebuild -p:SallaAnalyzers="$1" -p:ReportAnalyzer=true \
    -v:d -clp:PerformanceSummary >"$2" 2>&1 || { tail -30 "$2"; echo "build failed (SallaAnalyzers=$1)" >&2; exit 1; }
  local ms
  ms="$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$2" | awk '{print $1}' | head -1)"
  [ -n "$ms" ] || { echo "no Csc time in $2" >&2; exit 1; }
  echo "$ms"
}

# Which SALLA warnings a build shows, as "SALLA101 x2, ...".
salla_warnings() {
  # MSBuild repeats each warning (with and without the full path); the file name and position identify it.
  grep -oE 'Handlers[0-9]+\.cs\([0-9]+,[0-9]+\): warning SALLA[0-9]+' "$1" | sort -u | grep -oE 'SALLA[0-9]+' | sort | uniq -c \
    | awk '{printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1}'
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "warm-up build ..."
build true "$work/warmup.log" >/dev/null
: >"$work/with.txt"; : >"$work/without.txt"; : >"$work/ratio.txt"; : >"$work/salla.txt"; : >"$work/total.txt"
for i in $(seq 1 "$pairs"); do
  # Alternate which goes first.
  if [ $((i % 2)) -eq 1 ]; then order="true false"; else order="false true"; fi
  for mode in $order; do
    ms="$(build "$mode" "$work/build-$i-$mode.log")"
    if [ "$mode" = true ]; then with="$ms"; else without="$ms"; fi
  done

  log="$work/build-$i-true.log"
  got="$(salla_warnings "$log")"
  [ "$got" = "$expected" ] || { echo "pair $i: the build with the analyzers showed '$got', expected '$expected'" >&2; exit 1; }
  [ -z "$(salla_warnings "$work/build-$i-false.log")" ] || { echo "pair $i: SALLA warnings without the analyzers" >&2; exit 1; }
  salla="$(grep -E '^\s+[0-9.]+\s+[0-9<]+\s+Salla\.Codegen\.Analyzers, Version' "$log" | awk '{print $1}' | head -1)"
  total="$(grep -oE 'Total analyzer execution time: [0-9.]+' "$log" | awk '{print $5}' | head -1)"
  [ -n "$salla" ] && [ -n "$total" ] || { echo "pair $i: no -reportanalyzer figures in $log" >&2; exit 1; }
  echo "$with" >>"$work/with.txt"; echo "$without" >>"$work/without.txt"; echo "$salla" >>"$work/salla.txt"; echo "$total" >>"$work/total.txt"
  awk -v a="$with" -v b="$without" 'BEGIN {printf "%.4f\n", a / b}' >>"$work/ratio.txt"
  printf 'pair %d: Csc %6d ms with, %6d ms without (%s); Salla analyzers %ss of %ss analyzer time\n' \
    "$i" "$with" "$without" "$(tail -1 "$work/ratio.txt")" "$salla" "$total"
done

with_median="$(median <"$work/with.txt")"
without_median="$(median <"$work/without.txt")"
salla_median="$(median <"$work/salla.txt")"
echo
echo "SALLA warnings in every build with the analyzers: $expected"
echo "Csc medians over $pairs pairs: with $with_median ms, without $without_median ms ($(awk -v a="$with_median" -v b="$without_median" 'BEGIN {printf "%.3f", a / b}')x)"
echo "with / without, pair by pair: median $(median <"$work/ratio.txt")x, from $(sort -n "$work/ratio.txt" | head -1)x to $(sort -n "$work/ratio.txt" | tail -1)x"
echo "Salla analyzers' execution time (-reportanalyzer, summed over threads): median ${salla_median}s of $(median <"$work/total.txt")s for all analyzers;" \
  "$(awk -v s="$salla_median" -v c="$with_median" 'BEGIN {printf "%.1f", 100 * s * 1000 / c}')% of the median Csc time with them"
