# Sourced by the build-cost scripts: a nuget.config that restores from a local feed first, then nuget.org.
#   write_nuget_config <dir> <feed>
write_nuget_config() {
  cat >"$1/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$2" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
CONFIG
}
