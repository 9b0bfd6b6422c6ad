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
        EventNameAttribute = compilation.GetTypeByMetadataName("Salla.Codegen.SallaEventNameAttribute");
        KnownEventAttribute = compilation.GetTypeByMetadataName("Salla.Codegen.SallaKnownEventAttribute");
        DeprecatedFieldAttribute = compilation.GetTypeByMetadataName("Salla.Codegen.SallaDeprecatedFieldAttribute");
    }

    public INamedTypeSymbol? SallaObject { get; }

    public INamedTypeSymbol? SallaEvent { get; }

    public INamedTypeSymbol? EventHandlerOfT { get; }

    public INamedTypeSymbol? SubscriptionsAttribute { get; }

    public INamedTypeSymbol? DeprecatedAttribute { get; }

    public INamedTypeSymbol? MemberAttribute { get; }

    public INamedTypeSymbol? EventAttribute { get; }

    public INamedTypeSymbol? EventNameAttribute { get; }

    public INamedTypeSymbol? KnownEventAttribute { get; }

    public INamedTypeSymbol? DeprecatedFieldAttribute { get; }

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
    public string? EventNameOf(ITypeSymbol? eventType) =>
        eventType is null ? null : StringArguments(eventType, EventAttribute, 1) is { } arguments ? arguments[0] : null;

    /// <summary>The JSON name of a generated property ([SallaMember("checkout_url")]), or null.</summary>
    public string? JsonNameOf(IPropertySymbol property) =>
        StringArguments(property, MemberAttribute, 1) is { } arguments ? arguments[0] : null;

    /// <summary>The deprecation of a generated property ([SallaDeprecated(since, replacement)]), or null.</summary>
    public (string Since, string Replacement)? DeprecationOf(IPropertySymbol property) =>
        StringArguments(property, DeprecatedAttribute, 2) is { } arguments ? (arguments[0] ?? "?", arguments[1] ?? "?") : null;

    /// <summary>Whether <paramref name="symbol"/> (a parameter, property, field or a method's return) is marked [SallaEventName].</summary>
    public bool IsMarkedEventName(ISymbol symbol)
    {
        if (EventNameAttribute is null)
        {
            return false;
        }

        var attributes = symbol is IMethodSymbol method ? method.GetReturnTypeAttributes() : symbol.GetAttributes();
        foreach (var attribute in attributes)
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, EventNameAttribute))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The string constructor arguments of the <paramref name="attributeType"/> attribute on <paramref name="symbol"/>
    /// when it has <paramref name="count"/> of them; the one place the Salla marker attributes are decoded.
    /// </summary>
    private static string?[]? StringArguments(ISymbol symbol, INamedTypeSymbol? attributeType, int count)
    {
        if (attributeType is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType) && attribute.ConstructorArguments.Length == count)
            {
                var values = new string?[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = attribute.ConstructorArguments[i].Value as string;
                }

                return values;
            }
        }

        return null;
    }
}
