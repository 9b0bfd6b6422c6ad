using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>Building events in code: a member the spec requires must be set, or the code does not compile.</summary>
public class RequiredMembersTests
{
    private static string[] Errors(string expression)
    {
        var source = "namespace App\n{\n    internal static class Build\n    {\n        internal static object Make() => " + expression + ";\n    }\n}\n";
        var run = GeneratorHost.Run(GeneratorHost.CreateCompilation("Builder", source), GeneratorHost.Properties(("SallaCodegenEvents", "brand.created;order.created")));
        return run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    [Fact]
    public void An_event_without_its_data_does_not_compile()
    {
        Assert.Contains(Errors("new Salla.Events.BrandCreatedEvent()"), e => e.StartsWith("CS9035", System.StringComparison.Ordinal) && e.Contains(".Data'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_without_a_member_its_spec_requires_does_not_compile()
    {
        var errors = Errors("new Salla.Events.Order { ReferenceId = 1 }");

        Assert.Contains(errors, e => e.StartsWith("CS9035", System.StringComparison.Ordinal) && e.Contains("'Order.Id'", System.StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("'Order.ReferenceId'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_with_every_required_member_compiles()
    {
        Assert.Empty(Errors("new Salla.Events.BrandCreatedEvent { Merchant = 1, Data = new Salla.Events.Brand { Id = 1, Name = \"Salla\" } }"));
    }
}
