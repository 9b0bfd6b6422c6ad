using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Package.Tests;

/// <summary>
/// The test kit as a user gets it: an app built on the packages and an xunit project that references the
/// app and Salla.Codegen.Testing, with tests written as the README shows them, run with 'dotnet test'.
/// </summary>
[Collection(nameof(PackedPackages))]
public class TestKitPackageTests
{
    private readonly PackedPackages _packages;

    public TestKitPackageTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void Consumer_tests_using_the_kit_factories_examples_signer_and_a_WebApplicationFactory_pass()
    {
        var app = _packages.NewConsumer("ShopApp", "web", "Salla.Codegen.AspNetCore");
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), """
            using Salla.Codegen.AspNetCore;
            using Salla.Events;
            using ShopApp;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSallaWebhooks<SallaEventDispatcher>(options => options.Secrets.Add(Webhooks.Secret));
            builder.Services.AddSingleton<OrderBook>();
            builder.Services.AddSallaEventHandler<OrderCreatedHandler>();
            var app = builder.Build();
            app.MapSallaWebhooks("/webhooks/salla");
            app.Run();

            public partial class Program { }
            """);
        DotNet.WriteFile(Path.Combine(app, "Orders.cs"), """
            using System.Collections.Concurrent;
            using Salla.Events;

            namespace ShopApp;

            public static class Webhooks
            {
                public const string Secret = "shop-app-webhook-secret";
            }

            /// <summary>What the app did with the orders it was told about.</summary>
            public sealed class OrderBook
            {
                private readonly ConcurrentQueue<long> _references = new();

                public IReadOnlyCollection<long> References => _references;

                public void Record(long reference) => _references.Enqueue(reference);
            }

            public sealed class OrderCreatedHandler(OrderBook book) : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
                {
                    book.Record(salla.Data.ReferenceId);
                    return ValueTask.CompletedTask;
                }
            }
            """);

        var tests = _packages.NewConsumer("ShopApp.Tests", "xunit", "Salla.Codegen.Testing");
        DotNet.Run(tests, _packages.Environment, "add", "package", "Microsoft.AspNetCore.Mvc.Testing", "--version", "10.0.15", "--no-restore")
            .AssertSuccess("dotnet add package Microsoft.AspNetCore.Mvc.Testing");
        DotNet.Run(tests, _packages.Environment, "add", "reference", Path.Combine(app, "ShopApp.csproj")).AssertSuccess("dotnet add reference");
        File.Delete(Path.Combine(tests, "UnitTest1.cs"));
        DotNet.WriteFile(Path.Combine(tests, "OrderTests.cs"), """
            using System.Net;
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Mvc.Testing;
            using Microsoft.Extensions.DependencyInjection;
            using Salla.Codegen.Testing;
            using Salla.Events;

            namespace ShopApp.Tests;

            public class OrderTests
            {
                [Fact]
                public async Task The_handler_records_the_reference_of_a_created_order()
                {
                    var book = new OrderBook();
                    var handler = new OrderCreatedHandler(book);

                    var e = SallaTestEvents.OrderCreated(o => o.Data.ReferenceId = 424242);
                    await handler.HandleAsync(e, default);

                    Assert.Equal(new[] { 424242L }, book.References);
                }

                [Fact]
                public void The_signer_signs_the_documented_example_as_Salla_does()
                {
                    var body = SallaExamples.Get("order.updated");

                    var expected = Convert.ToHexStringLower(HMACSHA256.HashData("a-secret"u8, body.Span));
                    Assert.Equal(expected, new SallaWebhookSigner("a-secret").Sign(body.Span));
                    Assert.True(OrderUpdatedEvent.Parse(body).Data.Id > 0);
                }
            }

            public class WebhookEndpointTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
            {
                [Fact]
                public async Task A_signed_order_created_webhook_reaches_the_handler()
                {
                    var e = SallaTestEvents.OrderCreated(o => o.Data.ReferenceId = 515151);

                    using var response = await factory.CreateClient().PostSallaWebhookAsync(e, new SallaWebhookSigner(Webhooks.Secret));

                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Contains(515151L, factory.Services.GetRequiredService<OrderBook>().References);
                }

                [Fact]
                public async Task A_webhook_signed_with_another_secret_is_refused()
                {
                    using var response = await factory.CreateClient().PostSallaWebhookAsync(SallaExamples.Get("order.updated"), new SallaWebhookSigner("not-the-app-secret"));

                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                }
            }
            """);

        // And the README's handler test, as a reader copies it.
        DotNet.WriteFile(Path.Combine(tests, "ReadmeTests.cs"), DotNet.ReadmeBlock("testkit"));

        var test = DotNet.Run(tests, _packages.Environment, "test", "-c", "Release");

        Assert.True(test.ExitCode == 0, $"dotnet test of the kit consumer failed with exit code {test.ExitCode}:\n{test.Output}");
        var summary = Regex.Match(test.Output, @"Failed:\s*(\d+),\s*Passed:\s*(\d+),\s*Skipped:\s*(\d+),\s*Total:\s*(\d+)");
        Assert.True(summary.Success, "dotnet test printed no summary:\n" + test.Output);
        Assert.True(summary.Groups[1].Value == "0" && int.Parse(summary.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= 5, $"expected 5 passed and none failed, got '{summary.Value}':\n{test.Output}");
        Assert.DoesNotContain("CS0436", test.Output);
        Assert.DoesNotContain("CS8785", test.Output);
    }
}

/// <summary>
/// The salla dotnet tool installed from the feed, run against the real sample receiver
/// (samples/Salla.Codegen.Receiver) over loopback.
/// </summary>
[Collection(nameof(PackedPackages))]
public class ToolPackageTests
{
    private readonly PackedPackages _packages;

    public ToolPackageTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public async Task Installed_tool_lists_signs_sends_to_the_sample_receiver_and_verifies()
    {
        var toolPath = Path.Combine(_packages.Root, "tools");
        DotNet.Run(_packages.Consumers, _packages.Environment, "tool", "install", "Salla.Codegen.Tool", "--version", _packages.Version, "--tool-path", toolPath, "--add-source", _packages.Feed)
            .AssertSuccess("dotnet tool install Salla.Codegen.Tool");
        var salla = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "salla.exe" : "salla");
        Assert.True(File.Exists(salla), $"the tool installed no '{salla}'");
        var work = Path.Combine(_packages.Root, "tool-work");
        Directory.CreateDirectory(work);
        DotNet.Result Salla(params string[] arguments) => DotNet.Exec(salla, work, ToolEnvironment(), arguments);

        // list: every event, one a line, between a header and a count.
        var list = Salla("list").AssertSuccess("salla list");
        var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("EVENT", lines[0]);
        Assert.Equal("84 events", lines[^1]);
        Assert.Equal(84, lines.Count - 2);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^order\.created\s+Order\s+\S+\s+documented"));

        // sign: the hex HMAC-SHA256 of the file's bytes.
        var bodyFile = RepoPaths.Example("order.created.json");
        var body = File.ReadAllBytes(bodyFile);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s"), body));
        var sign = Salla("sign", bodyFile, "--secret", "s").AssertSuccess("salla sign");
        Assert.Equal(signature, sign.Output.Trim());

        // verify: a raw captured request, then the same with one byte of its body changed.
        var request = Path.Combine(work, "request.http");
        File.WriteAllBytes(request, [.. Encoding.ASCII.GetBytes($"POST /webhooks/salla HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Salla-Security-Strategy: Signature\r\nX-Salla-Signature: {signature}\r\n\r\n"), .. body]);
        var verified = Salla("verify", "--request", request, "--secret", "s").AssertSuccess("salla verify of a genuine capture");
        Assert.StartsWith("Verified", verified.Output);
        var tamperedBody = (byte[])body.Clone();
        var digit = Array.IndexOf(tamperedBody, (byte)'1');
        tamperedBody[digit] = (byte)'2';
        var tampered = Path.Combine(work, "tampered.http");
        File.WriteAllBytes(tampered, [.. File.ReadAllBytes(request).AsSpan(0, File.ReadAllBytes(request).Length - body.Length), .. tamperedBody]);
        var rejected = Salla("verify", "--request", tampered, "--secret", "s");
        Assert.True(rejected.ExitCode == 1, $"salla verify of a tampered body exited {rejected.ExitCode}:\n{rejected.Output}");
        Assert.Contains("SignatureMismatch", rejected.Output);

        // send: to the real sample receiver, with its secret and then with another.
        const string Secret = "package-test-receiver-secret";
        using var receiver = await StartSampleReceiverAsync(Path.Combine(_packages.Root, "receiver"), Secret);
        var webhookUrl = new Uri(receiver.Client.BaseAddress!, "/webhooks/salla").ToString();
        var sent = Salla("send", "order.created", "--url", webhookUrl, "--secret", Secret).AssertSuccess("salla send to the sample receiver");
        Assert.Matches(@"HTTP 2\d\d ", sent.Output);
        await receiver.WaitForOutputAsync("created in store", TimeSpan.FromSeconds(60));
        Assert.Contains("Salla.Codegen.Receiver.OrderCreatedHandler", receiver.Output);

        var refused = Salla("send", "order.created", "--url", webhookUrl, "--secret", "not-the-receiver-secret");
        Assert.True(refused.ExitCode == 1, $"salla send with a wrong secret exited {refused.ExitCode}:\n{refused.Output}\nreceiver:\n{receiver.Output}");
        Assert.Contains("HTTP 401", refused.Output);
    }

    private IReadOnlyDictionary<string, string> ToolEnvironment()
    {
        var environment = new Dictionary<string, string>(_packages.Environment);

        // The tool's apphost finds the runtime that runs these tests, wherever it is installed.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        environment["SALLA_WEBHOOK_SECRET"] = string.Empty;
        environment["SALLA_WEBHOOK_URL"] = string.Empty;
        return environment;
    }

    /// <summary>samples/Salla.Codegen.Receiver, built in Release and run from its dll on a free loopback port, its inbox in <paramref name="dataDirectory"/>.</summary>
    private static async Task<RunningReceiver> StartSampleReceiverAsync(string dataDirectory, string secret)
    {
        var project = Path.Combine(RepoPaths.Root, "samples", "Salla.Codegen.Receiver");
        DotNet.Run(RepoPaths.Root, null, "build", project, "-c", "Release").AssertSuccess("building the sample receiver");
        Directory.CreateDirectory(dataDirectory);
        var environment = new Dictionary<string, string>
        {
            ["Salla__Webhooks__Secrets__0"] = secret,
            ["ConnectionStrings__Inbox"] = "Data Source=" + Path.Combine(dataDirectory, "inbox.db"),
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        var receiver = await RunningReceiver.StartAsync("dotnet", Path.Combine(project, "bin", "Release", "net10.0"), environment, "Salla.Codegen.Receiver.dll");
        try
        {
            await receiver.WaitForOutputAsync("started with the configured secret", TimeSpan.FromSeconds(60));
            return receiver;
        }
        catch
        {
            receiver.Dispose();
            throw;
        }
    }
}
