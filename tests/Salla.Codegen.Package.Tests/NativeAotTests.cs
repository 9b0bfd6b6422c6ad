using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Package.Tests;

/// <summary>
/// Native AOT, as a user publishes it: a fresh web project on the packed packages, published with
/// <c>PublishAot</c> and every IL warning an error, then the native binary started and sent signed
/// deliveries. Needs Debian's clang and zlib1g-dev (scripts/native-aot-prerequisites.sh installs them).
/// </summary>
[Collection(nameof(PackedPackages))]
public sealed partial class NativeAotTests
{
    private const string Secret = "aot-test-secret";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Salla__Webhooks__Secrets__0"] = Secret,
        ["Logging__LogLevel__Default"] = "Information",
    };

    private readonly PackedPackages _packages;

    public NativeAotTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public async Task A_receiver_published_with_Native_AOT_has_no_IL_warning_and_answers_signed_deliveries()
    {
        var app = _packages.NewConsumer("AotReceiver", "web", "Salla.Codegen");
        DotNet.Run(app, _packages.Environment, "add", "package", "Salla.Codegen.AspNetCore", "--version", _packages.Version, "--no-restore")
            .AssertSuccess("dotnet add package Salla.Codegen.AspNetCore");
        PublishAotProperties(app, warningsAsErrors: true);
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), """
            using Salla.Codegen.AspNetCore;
            using Salla.Events;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.Services.AddSallaWebhooks<SallaEventDispatcher>(builder.Configuration);
            builder.Services.AddSallaEventHandler<OrderCreatedHandler>();
            var app = builder.Build();
            app.MapSallaWebhooks("/webhooks/salla");
            app.Run();

            sealed class OrderCreatedHandler : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
                {
                    Console.WriteLine($"handled order {salla.Data.Id} for {salla.Data.Customer.FirstName}, total {salla.Data.Amounts.Total?.Amount}");
                    return ValueTask.CompletedTask;
                }
            }
            """);

        var publish = Publish(app);
        Assert.DoesNotMatch(IlWarning(), publish.Output);

        using var receiver = await RunningReceiver.StartAsync(NativeExecutable(app), Path.Combine(app, "native"), Settings);
        var order = File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.created.json"));
        Assert.Equal((HttpStatusCode.OK, "handled"), await receiver.PostSignedAsync("/webhooks/salla", order, Secret));
        await receiver.WaitForOutputAsync("handled order 2116149737 for Mohammed, total 196", TimeSpan.FromSeconds(10));
        Assert.Equal((HttpStatusCode.OK, "duplicate delivery; acknowledged"), await receiver.PostSignedAsync("/webhooks/salla", order, Secret));

        var unknown = "{\"event\":\"made.up\",\"merchant\":1,\"data\":{}}"u8.ToArray();
        Assert.Equal((HttpStatusCode.OK, "unknown event; acknowledged"), await receiver.PostSignedAsync("/webhooks/salla", unknown, Secret));

        var forged = File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.status.updated.json"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await receiver.PostSignedAsync("/webhooks/salla", forged, "not-the-secret")).Status);

        var malformed = "{\"event\":\"order.created\",\"merchant\":1,\"data\":{\"id\":\"twelve\"}}"u8.ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await receiver.PostSignedAsync("/webhooks/salla", malformed, Secret)).Status);
        Assert.False(receiver.HasExited);

        // The redelivery was acknowledged, not handled a second time.
        Assert.Single(Regex.Matches(receiver.Output, "handled order 2116149737"));
    }

    [Fact]
    public void A_receiver_with_the_Entity_Framework_inbox_published_with_Native_AOT_refuses_to_start_instead_of_acknowledging_what_it_cannot_dispatch()
    {
        var app = _packages.NewConsumer("AotInboxReceiver", "web", "Salla.Codegen");
        foreach (var (package, version) in new[] { ("Salla.Codegen.AspNetCore", _packages.Version), ("Salla.Codegen.EntityFrameworkCore", _packages.Version), ("Microsoft.EntityFrameworkCore.Sqlite", PackedPackages.EntityFrameworkCoreVersion) })
        {
            DotNet.Run(app, _packages.Environment, "add", "package", package, "--version", version, "--no-restore").AssertSuccess("dotnet add package " + package);
        }

        // Entity Framework Core itself warns that it needs dynamic code; the publish goes ahead as a user's would.
        PublishAotProperties(app, warningsAsErrors: false);
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), """
            using Microsoft.EntityFrameworkCore;
            using Salla.Codegen.AspNetCore;
            using Salla.Codegen.EntityFrameworkCore;
            using Salla.Events;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.Services.AddDbContext<AppDb>(o => o.UseSqlite("Data Source=inbox.db"));
            builder.Services.AddSallaWebhooks<SallaEventDispatcher>(builder.Configuration).UseEntityFrameworkInbox<AppDb>();
            var app = builder.Build();
            app.MapSallaWebhooks("/webhooks/salla");
            app.Run();

            sealed class AppDb(DbContextOptions<AppDb> options) : DbContext(options)
            {
                protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddSallaInbox();
            }
            """);

        Publish(app);

        var output = new StringBuilder();
        using var receiver = DotNet.Start(NativeExecutable(app), Path.Combine(app, "native"), Settings, Array.Empty<string>(), output);
        if (!receiver.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            receiver.Kill(entireProcessTree: true);
            Assert.Fail("The Native AOT receiver with the inbox kept running:\n" + output);
        }

        receiver.WaitForExit();
        var printed = output.ToString();
        Assert.NotEqual(0, receiver.ExitCode);
        Assert.Contains("cannot run in a Native AOT app", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", printed, StringComparison.Ordinal);
    }

    private static void PublishAotProperties(string app, bool warningsAsErrors)
    {
        var project = Path.Combine(app, Path.GetFileName(app) + ".csproj");
        var text = File.ReadAllText(project);
        var properties = $"""
                <PublishAot>true</PublishAot>
                <InvariantGlobalization>true</InvariantGlobalization>
                <TrimmerSingleWarn>false</TrimmerSingleWarn>
                <TreatWarningsAsErrors>{(warningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
              </PropertyGroup>
            """;
        File.WriteAllText(project, text[..text.IndexOf("</PropertyGroup>", StringComparison.Ordinal)] + properties.TrimStart() + text[(text.IndexOf("</PropertyGroup>", StringComparison.Ordinal) + "</PropertyGroup>".Length)..]);
    }

    private DotNet.Result Publish(string app) =>
        DotNet.Run(app, _packages.Environment, "publish", "-c", "Release", "-r", "linux-x64", "-o", Path.Combine(app, "native"))
            .AssertSuccess("dotnet publish with PublishAot");

    private static string NativeExecutable(string app)
    {
        var native = Path.Combine(app, "native", Path.GetFileName(app));
        Assert.True(File.Exists(native), "the publish produced no native executable " + native);
        return native;
    }

    // An IL warning from trimming or AOT analysis (IL2xxx, IL3xxx), whoever reports it.
    [GeneratedRegex(@"(warning|error) IL[23]\d{3}")]
    private static partial Regex IlWarning();
}
