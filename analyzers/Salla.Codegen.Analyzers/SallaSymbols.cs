using Microsoft.CodeAnalysis;

namespace Salla.Codegen.Analyzers;

/// <summary>The runtime types the rules look for; null members mean the project does not use Salla.Codegen.</summary>
internal sealed class SallaSymbols
{
    private SallaSymbols(Compilation compilation)
    {
        SallaObject = compilation.GetTypeByMetadataName("Salla.Codegen.SallaObject");
        SallaEvent = compilation.GetTypeByMetadataName("Salla.Codegen.SallaEvent");
        EventHandlerOfT = compilation.GetTypeByMetadataName("Salla.Codegen.ISallaEventHandler`1");
        SubscriptionsAttribute = compilation.GetTypeByMetadataName("Salla.Codegen.SallaSubscriptionsAttribute");
        DeprecatedAttribute = compilation.GetTypeByMetadataName("Salla.Codegen.SallaDeprecatedAttribute");
        MemberAttribute = compilation.GetTypeByMetadataName("Salla.Codegen.SallaMemberAttribute");
        EventAttribute = compilation.GetTypeByMetadataName("Salla.Codegen.SallaEventAttribute");
    }

    public INamedTypeSymbol? SallaObject { get; }

    public INamedTypeSymbol? SallaEvent { get; }

    public INamedTypeSymbol? EventHandlerOfT { get; }

    public INamedTypeSymbol? SubscriptionsAttribute { get; }

    public INamedTypeSymbol? DeprecatedAttribute { get; }

    public INamedTypeSymbol? MemberAttribute { get; }

    public INamedTypeSymbol? EventAttribute { get; }

    /// <summary>Whether the compilation references the runtime at all.</summary>
    public bool IsSallaProject => SallaObject is not null;

    public static SallaSymbols From(Compilation compilation) => new(compilation);

    /// <summary>Whether <paramref name="type"/> is or derives from <paramref name="baseType"/>.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var current = type; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The event name of a generated event type ([SallaEvent("order.created")]), or null.</summary>
    public string? EventNameOf(ITypeSymbol? eventType)
    {
        if (eventType is null || EventAttribute is null)
        {
            return null;
        }

        foreach (var attribute in eventType.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, EventAttribute) && attribute.ConstructorArguments.Length == 1)
            {
                return attribute.ConstructorArguments[0].Value as string;
            }
        }

        return null;
    }
}
