using System.Linq;
using Xunit;

namespace Salla.Codegen.Testing.Tests;

/// <summary>The kit runs the generator on itself for its catalogue; nothing of it may reach a user's project.</summary>
public class KitAssemblyTests
{
    [Fact]
    public void The_kit_exports_only_its_own_types_and_generates_no_test_factories_of_its_own()
    {
        var kit = typeof(SallaExamples).Assembly;

        Assert.All(kit.GetExportedTypes(), t => Assert.Equal("Salla.Codegen.Testing", t.Namespace));
        Assert.DoesNotContain(kit.GetTypes(), t => t.Name == "SallaTestEvents");

        // Its catalogue is internal, in a namespace of its own, so it cannot clash with a user's Salla.Events.
        var catalogue = kit.GetType("Salla.Codegen.Testing.Catalogue.SallaEvents");
        Assert.NotNull(catalogue);
        Assert.False(catalogue!.IsPublic);
        Assert.DoesNotContain(kit.GetTypes(), t => t.Namespace == "Salla.Events");
    }

    [Fact]
    public void The_factories_of_this_project_are_generated_here_for_its_own_event_types()
    {
        var factories = typeof(Salla.Events.SallaTestEvents);

        Assert.Equal(typeof(KitAssemblyTests).Assembly, factories.Assembly);
        Assert.Equal(typeof(Salla.Events.OrderCreatedEvent), factories.GetMethod("OrderCreated")!.ReturnType);
    }
}
