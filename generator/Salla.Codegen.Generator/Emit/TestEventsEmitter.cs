using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Emit;

/// <summary>
/// Emits <c>SallaTestEvents</c> for a project that references the Salla.Codegen.Testing package: one
/// factory per event that starts from Salla's documented example and lets a test change it.
/// </summary>
internal static class TestEventsEmitter
{
    /// <summary>The assembly whose reference turns the factories on.</summary>
    public const string TestKitAssembly = "Salla.Codegen.Testing";

    public static string Emit(GeneratorOptions options, EquatableArray<TestEventRef> events)
    {
        var w = Header.Begin(options);
        w.SummaryXml(
            "Events for tests, each read from Salla's documented example of it and changed as a test needs:",
            "<c>SallaTestEvents.OrderCreated(e =&gt; e.Data.Status.Slug = \"completed\")</c>.");
        w.Line(Header.GeneratedCode);
        w.Open($"{options.Visibility} static partial class SallaTestEvents");
        foreach (var e in events)
        {
            var eventType = $"global::{options.Namespace}.{e.ClassName}Event";
            w.SummaryXml(
                $"A <c>{e.Name}</c> event read from Salla's documented example, then changed by <paramref name=\"edit\"/>.",
                "An edited event is written and read again, so its <see cref=\"global::Salla.Codegen.SallaEvent.RawBody\"/> is what a receiver would get.");
            w.Line($"public static {eventType} {e.ClassName}(global::System.Action<{eventType}>? edit = null) =>");
            w.Line($"    global::Salla.Codegen.Testing.SallaTestEvent.FromExample({eventType}.Name, {eventType}.Parse, edit);");
            w.Line();
        }

        w.Close();
        return Header.End(w);
    }
}
