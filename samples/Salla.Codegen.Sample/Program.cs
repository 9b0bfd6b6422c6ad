using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Salla.Codegen;
using Salla.Codegen.Sample;
using Salla.Events;

// Prints what the generator produced from the specs, then dispatches Salla's documented example
// payloads (or the files / folder given as arguments) through the generated dispatcher.
var services = new ServiceCollection()
    .AddSingleton<OrderHandlers>()
    .AddSingleton<IOrderCreatedHandler>(sp => sp.GetRequiredService<OrderHandlers>())
    .AddSingleton<IOrderStatusUpdatedHandler>(sp => sp.GetRequiredService<OrderHandlers>())
    .AddSingleton<IAppStoreAuthorizeHandler, AppAuthorizeHandler>()
    .AddSingleton<ICommunicationSmsSendHandler, SmsHandler>()
    .BuildServiceProvider();
var dispatcher = new SallaEventDispatcher(services);

Console.WriteLine($"Generated from the specs: {SallaEvents.All.Count} events in {SallaEvents.All.Select(e => e.Group).Distinct().Count()} groups, {SallaEvents.All.Select(e => e.DataType).Distinct().Count()} payload models.");
foreach (var group in SallaEvents.All.GroupBy(e => e.Group))
{
    Console.WriteLine($"  {group.Key,-19} {string.Join(", ", group.Select(e => e.Name + (e.DeprecatedSince is null ? string.Empty : " (deprecated)")))}");
}

var files = Inputs(args);
Console.WriteLine();
Console.WriteLine($"Dispatching {files.Count} payload(s):");
var refused = 0;
foreach (var file in files)
{
    var body = File.ReadAllBytes(file);
    try
    {
        var result = await dispatcher.DispatchAsync(body);
        Console.WriteLine($"  {Path.GetFileName(file)}: {result.EventName} -> {result.Outcome} ({result.Event.GetType().Name}, {result.HandlerCount} handler(s))");
    }
    catch (SallaPayloadException ex)
    {
        refused++;
        Console.WriteLine($"  {Path.GetFileName(file)}: refused: {ex.Message}");
    }
}

// A refusal is what a receiver answers with 400; Salla published invoice.created without its envelope.
Console.WriteLine();
Console.WriteLine($"{files.Count - refused} dispatched, {refused} refused.");
return 0;

static System.Collections.Generic.List<string> Inputs(string[] args)
{
    if (args.Length > 0)
    {
        return args.SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a, "*.json").OrderBy(f => f, StringComparer.Ordinal) : new[] { a }.AsEnumerable()).ToList();
    }

    // Built-in default: Salla's documented examples, specs/examples in the repository.
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var examples = Path.Combine(dir.FullName, "specs", "examples");
        if (File.Exists(Path.Combine(dir.FullName, "Salla.Codegen.sln")) && Directory.Exists(examples))
        {
            return Directory.GetFiles(examples, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        }
    }

    throw new DirectoryNotFoundException("Pass payload files or a folder; the default, specs/examples in the repository, was not found.");
}
