using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Package.Tests;

/// <summary>
/// The README's C# blocks as a reader pastes them into a fresh project on the packed packages, with
/// the usings, settings and package commands the README gives beside them: each builds and runs.
/// </summary>
[Collection(nameof(PackedPackages))]
public sealed class ReadmeBlockTests
{
    // The blocks the package tests build: the quick start and the test kit's example elsewhere, the rest here.
    private static readonly string[] BuiltBlocks = ["quickstart", "testkit", "building", "receiver", "inbox"];

    private readonly PackedPackages _packages;

    public ReadmeBlockTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void Every_csharp_block_of_the_README_is_one_the_package_tests_build()
    {
        var readme = DotNet.Readme;
        var blocks = Regex.Matches(readme, @"(?:<!-- (?<marker>[a-z-]+):[^\n]*-->\n)?```csharp\n");
        Assert.NotEmpty(blocks);
        Assert.All(blocks, block =>
        {
            var line = readme[..block.Index].Count(c => c == '\n') + 1;
            Assert.True(block.Groups["marker"].Success, $"README.md line {line}: a C# block with no '<!-- name: ... -->' comment that a package test builds");
            Assert.Contains(block.Groups["marker"].Value, BuiltBlocks);
        });
    }

    [Fact]
    public void Building_events_block_runs_and_prints_the_json_its_comment_shows()
    {
        var code = DotNet.ReadmeBlock("building");
        var shown = Regex.Match(code, @"// (\{.*\})").Groups[1].Value;
        Assert.NotEmpty(shown);
        var app = _packages.NewConsumer("ReadmeBuilding", "console", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), code);

        var build = DotNet.Run(app, _packages.Environment, "build", "-c", "Release").AssertSuccess("building the README's building-events block");
        var run = DotNet.Run(app, _packages.Environment, "run", "-c", "Release", "--no-build").AssertSuccess("running the README's building-events block");

        Assert.Contains("0 Warning(s)", build.Output);
        Assert.Equal(shown, run.Output.Trim());
    }

    [Fact]
    public async Task Receiving_webhooks_block_with_its_settings_answers_signed_deliveries()
    {
        var app = NewWebConsumer("ReadmeReceiver", "Salla.Codegen.AspNetCore");
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), DotNet.ReadmeBlock("receiver"));
        var settings = DotNet.ReadmeBlock("receiver-settings", "json");
        DotNet.WriteFile(Path.Combine(app, "appsettings.json"), settings);

        var build = DotNet.Run(app, _packages.Environment, "build", "-c", "Release").AssertSuccess("building the README's receiver block");
        Assert.Contains("0 Warning(s)", build.Output);

        using var receiver = await RunningReceiver.StartAsync("dotnet", app, _packages.Environment, "run", "-c", "Release", "--no-build", "--no-launch-profile");
        var secret = SecretIn(settings);
        var order = File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.created.json"));
        Assert.Equal((HttpStatusCode.OK, "handled"), await receiver.PostSignedAsync("/webhooks/salla", order, secret));
        await receiver.WaitForOutputAsync("Order 2116149737 created, total 196", TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await receiver.PostSignedAsync("/webhooks/salla", order, "not-" + secret)).Status);
    }

    [Fact]
    public async Task Durable_inbox_block_stores_dispatches_guards_its_admin_endpoints_and_idles_quietly()
    {
        var app = NewWebConsumer("ReadmeInbox", "Salla.Codegen.AspNetCore");
        foreach (var command in PackageCommands(DotNet.ReadmeBlock("inbox-packages", "bash")))
        {
            DotNet.Run(app, _packages.Environment, command).AssertSuccess(string.Join(' ', command));
        }

        DotNet.WriteFile(Path.Combine(app, "Program.cs"), DotNet.ReadmeBlock("inbox"));

        // The template's settings (Information logs) with the receiver's Salla section added, as a user merges them.
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "appsettings.json")), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        var salla = JsonNode.Parse(DotNet.ReadmeBlock("receiver-settings", "json"))!["Salla"]!;
        settings["Salla"] = salla.DeepClone();
        DotNet.WriteFile(Path.Combine(app, "appsettings.json"), settings.ToJsonString());

        var build = DotNet.Run(app, _packages.Environment, "build", "-c", "Release").AssertSuccess("building the README's inbox block");
        Assert.Contains("0 Warning(s)", build.Output);

        using var receiver = await RunningReceiver.StartAsync("dotnet", app, _packages.Environment, "run", "-c", "Release", "--no-build", "--no-launch-profile");
        await receiver.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(30));
        var started = receiver.Output.Length;
        var secret = salla["Webhooks"]!["Secrets"]![0]!.GetValue<string>();
        var order = File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.created.json"));
        Assert.Equal((HttpStatusCode.OK, "queued"), await receiver.PostSignedAsync("/webhooks/salla", order, secret));
        await receiver.WaitForOutputAsync("Order 2116149737 created", TimeSpan.FromSeconds(20));
        Assert.Equal((HttpStatusCode.OK, "duplicate delivery; acknowledged"), await receiver.PostSignedAsync("/webhooks/salla", order, secret));

        // Without the ops role the admin endpoints answer 401, not 500.
        using (var stats = await receiver.Client.GetAsync("/ops/salla-inbox/stats"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
        }

        Assert.Equal("Healthy", await receiver.Client.GetStringAsync("/healthz"));

        // Idle, the worker polls; none of it reaches the Information log.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var afterStart = receiver.Output[started..];
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Database.Command", afterStart, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(fail|crit|warn): ", afterStart);
    }

    private string NewWebConsumer(string name, string package)
    {
        var app = _packages.NewConsumer(name, "web", "Salla.Codegen");
        DotNet.Run(app, _packages.Environment, "add", "package", package, "--version", _packages.Version, "--no-restore").AssertSuccess("dotnet add package " + package);
        return app;
    }

    // The block's `dotnet add package` lines as arguments; this repository's own packages at the version packed for the tests.
    private IEnumerable<string[]> PackageCommands(string block)
    {
        foreach (var line in block.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.StartsWith("dotnet add package ", StringComparison.Ordinal)))
        {
            var words = line["dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"')).ToList();
            if (words[2].StartsWith("Salla.Codegen", StringComparison.Ordinal))
            {
                words.AddRange(["--version", _packages.Version]);
            }

            yield return words.ToArray();
        }
    }

    private static string SecretIn(string settings) => JsonNode.Parse(settings)!["Salla"]!["Webhooks"]!["Secrets"]![0]!.GetValue<string>();
}
