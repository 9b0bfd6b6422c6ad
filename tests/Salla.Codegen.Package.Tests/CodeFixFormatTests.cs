using System.IO;
using Xunit;

namespace Salla.Codegen.Package.Tests;

/// <summary>
/// The code fixes of the packed package as a user runs them from the command line: <c>dotnet format analyzers</c>
/// over a fresh consumer, then a build of what it wrote.
/// </summary>
[Collection(nameof(PackedPackages))]
public class CodeFixFormatTests
{
    private readonly PackedPackages _packages;

    public CodeFixFormatTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void Dotnet_format_applies_the_SALLA101_SALLA301_and_SALLA103_fixes_and_the_result_builds_clean()
    {
        var app = _packages.NewConsumer("FormatConsumer", "web", "Salla.Codegen.AspNetCore");
        var programPath = Path.Combine(app, "Program.cs");
        var routerPath = Path.Combine(app, "Routing", "Router.cs");
        var handlerPath = Path.Combine(app, "Handlers", "OrderHandler.cs");
        var projectPath = Path.Combine(app, "FormatConsumer.csproj");
        DotNet.WriteFile(programPath, """
            using FormatConsumer.Handlers;
            using Salla.Codegen;
            using Salla.Codegen.AspNetCore;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.ProductCreated, SallaEvents.AppInstalled)]

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSallaWebhooks<SallaEventDispatcher>(options => options.Secrets.Add("a-secret-for-the-format-test"));
            builder.Services.AddSallaEventHandler<OrderHandler>();
            var app = builder.Build();
            app.MapSallaWebhooks("/webhooks/salla");
            app.Run();

            """);
        DotNet.WriteFile(handlerPath, """
            using Salla.Events;

            namespace FormatConsumer.Handlers;

            public sealed class OrderHandler(ILogger<OrderHandler> logger) : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
                {
                    logger.LogInformation("order {Id}", salla.Data.Id);
                    return ValueTask.CompletedTask;
                }
            }

            """);
        DotNet.WriteFile(routerPath, """
            using Salla.Codegen;
            using Salla.Events;

            namespace FormatConsumer.Routing;

            public static class Router
            {
                public static string Describe(SallaEvent salla)
                {
                    switch (salla)
                    {
                        case OrderCreatedEvent created:
                            return "order " + created.Data.Id;
                    }

                    return "other";
                }

                public static bool IsTax(SallaEvent salla) => salla.Event == "store.tax.created";
            }

            """);

        var before = DotNet.Run(app, _packages.Environment, "build", "-c", "Release");
        Assert.NotEqual(0, before.ExitCode);
        Assert.Contains("warning SALLA101: The app subscribes to 'product.created'", before.Output);
        Assert.Contains("warning SALLA101: The app subscribes to 'app.installed'", before.Output);
        Assert.Contains("error SALLA301: 'store.tax.created' is not a documented or user-specified Salla event (did you mean 'storetax.created'?)", before.Output);
        Assert.Contains("warning SALLA103: This switch over Salla events has no default and misses: app.installed, product.created", before.Output);
        var projectFile = File.ReadAllText(projectPath);

        DotNet.Run(app, _packages.Environment, "format", "analyzers", projectPath, "--diagnostics", "SALLA101", "SALLA301", "SALLA103", "--severity", "info", "--verbosity", "detailed")
            .AssertSuccess("dotnet format analyzers");

        Assert.Equal(Lines("""
            using FormatConsumer.Handlers;
            using Salla.Codegen;
            using Salla.Codegen.AspNetCore;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.ProductCreated, SallaEvents.AppInstalled)]

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSallaWebhooks<SallaEventDispatcher>(options => options.Secrets.Add("a-secret-for-the-format-test"));
            builder.Services.AddSallaEventHandler<OrderHandler>();
            builder.Services.AddSallaEventHandler<ProductCreatedHandler>();
            builder.Services.AddSallaEventHandler<AppInstalledHandler>();
            var app = builder.Build();
            app.MapSallaWebhooks("/webhooks/salla");
            app.Run();

            """), Lines(File.ReadAllText(programPath)));

        // dotnet format's workspace would list a new file in the project file, which the SDK's globs then include twice:
        // the classes follow the existing handler in its file, and the project file is left alone.
        Assert.Equal(Lines("""
            using Salla.Events;

            namespace FormatConsumer.Handlers;

            public sealed class OrderHandler(ILogger<OrderHandler> logger) : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
                {
                    logger.LogInformation("order {Id}", salla.Data.Id);
                    return ValueTask.CompletedTask;
                }
            }

            internal sealed class ProductCreatedHandler : IProductCreatedHandler
            {
                public ValueTask HandleAsync(ProductCreatedEvent salla, CancellationToken cancellationToken)
                {
                    // Until this handler is written, each product.created delivery is acknowledged and nothing else happens.
                    return ValueTask.CompletedTask;
                }
            }

            internal sealed class AppInstalledHandler : IAppInstalledHandler
            {
                public ValueTask HandleAsync(AppInstalledEvent salla, CancellationToken cancellationToken)
                {
                    // Until this handler is written, each app.installed delivery is acknowledged and nothing else happens.
                    return ValueTask.CompletedTask;
                }
            }

            """), Lines(File.ReadAllText(handlerPath)));
        Assert.Equal(new[] { handlerPath }, Directory.GetFiles(Path.Combine(app, "Handlers")));
        Assert.Equal(projectFile, File.ReadAllText(projectPath));
        Assert.Equal(Lines("""
            using Salla.Codegen;
            using Salla.Events;

            namespace FormatConsumer.Routing;

            public static class Router
            {
                public static string Describe(SallaEvent salla)
                {
                    switch (salla)
                    {
                        case OrderCreatedEvent created:
                            return "order " + created.Data.Id;
                        case AppInstalledEvent:
                            break;
                        case ProductCreatedEvent:
                            break;
                    }

                    return "other";
                }

                public static bool IsTax(SallaEvent salla) => salla.Event == "storetax.created";
            }

            """), Lines(File.ReadAllText(routerPath)));

        var after = DotNet.Run(app, _packages.Environment, "build", "-c", "Release", "--no-incremental").AssertSuccess("building the fixed consumer");
        Assert.DoesNotContain("SALLA101", after.Output);
        Assert.DoesNotContain("SALLA301", after.Output);
        Assert.DoesNotContain("SALLA103", after.Output);
        Assert.Contains("0 Error(s)", after.Output);
    }

    /// <summary>The text's lines, whatever line endings the tool wrote.</summary>
    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
