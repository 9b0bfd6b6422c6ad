using System;
using System.Threading;
using System.Threading.Tasks;
using Salla.Codegen.Benchmarks.Http;

// The receiver (MapSallaWebhooks, as samples/Salla.Codegen.Receiver wires it) against a bare endpoint that reads the
// body and answers 200 and two endpoints written by hand, over loopback HTTP, each server a child process of this one.
// See README.md.
//   dotnet run -c Release --project benchmarks/Salla.Codegen.Benchmarks.Http -- [--quick] [options]
//   (child processes: serve bare|receiver|by-hand-document|by-hand-stj --port N [--no-dedup] [--unsigned])
if (args.Length > 0 && args[0] == "serve")
{
    return await Serve.RunAsync(args[1..]);
}

if (!LoadOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(LoadOptions.Usage);
    return problem is null ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the run and lets the servers be stopped; a second one ends it at once.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

try
{
    return await LoadRun.RunAsync(options, cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}
