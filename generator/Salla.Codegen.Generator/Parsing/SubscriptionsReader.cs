using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>Reads <c>[assembly: SallaSubscriptions(...)]</c> from the project's source, to know which events it uses.</summary>
internal static class SubscriptionsReader
{
    /// <summary>
    /// An assembly attribute named <c>SallaSubscriptions</c> (or <c>SallaSubscriptionsAttribute</c>), however qualified.
    /// The name is all syntax can tell; another attribute of that name on an assembly would be taken for it.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is AttributeSyntax { Parent: AttributeListSyntax { Target.Identifier.ValueText: "assembly" } } attribute
        && RightmostName(attribute.Name) is "SallaSubscriptions" or "SallaSubscriptionsAttribute";

    /// <summary>The entries of one <c>SallaSubscriptions</c> attribute.</summary>
    public static Subscriptions Read(AttributeSyntax attribute)
    {
        var entries = new List<SubscriptionEntry>();
        var unreadable = false;
        foreach (var argument in attribute.ArgumentList?.Arguments ?? default)
        {
            unreadable |= !TryRead(argument.Expression, entries);
        }

        return new Subscriptions(true, entries.ToEquatableArray(), unreadable);
    }

    /// <summary>The subscriptions of the whole project: the files' entries together, in a stable order.</summary>
    public static Subscriptions Combine(ImmutableArray<Subscriptions> files) =>
        files.IsDefaultOrEmpty
            ? Subscriptions.None
            : new Subscriptions(
                true,
                files.SelectMany(f => f.Entries).Distinct().OrderBy(e => e.Text, StringComparer.Ordinal).ThenBy(e => e.IsConstantName).ToEquatableArray(),
                files.Any(f => f.HasUnreadableEntry));

    private static bool TryRead(ExpressionSyntax expression, List<SubscriptionEntry> entries)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                entries.Add(new SubscriptionEntry(literal.Token.ValueText, IsConstantName: false));
                return true;

            // SallaEvents.OrderCreated, Salla.Events.SallaEvents.OrderCreated, global::Salla.Events.SallaEvents.OrderCreated
            case MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } access when RightmostName(access.Expression) == "SallaEvents":
                entries.Add(new SubscriptionEntry(member.Identifier.ValueText, IsConstantName: true));
                return true;

            // OrderCreatedEvent.Name
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Name" } access
                when RightmostName(access.Expression) is { Length: > 5 } type && type.EndsWith("Event", StringComparison.Ordinal):
                entries.Add(new SubscriptionEntry(type.Substring(0, type.Length - "Event".Length), IsConstantName: true));
                return true;

            // The params array written out: new[] { ... }, new string[] { ... }, [ ... ]
            case ImplicitArrayCreationExpressionSyntax array:
                return array.Initializer.Expressions.All(e => TryRead(e, entries));
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return initializer.Expressions.All(e => TryRead(e, entries));
            case CollectionExpressionSyntax collection:
                return collection.Elements.All(e => e is ExpressionElementSyntax element && TryRead(element.Expression, entries));
        }

        // Anything else (a constant of the project's own, say) has a value only the compiler knows.
        return false;
    }

    private static string? RightmostName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };
}
