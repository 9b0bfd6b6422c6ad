using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Reads which events the project uses from its source: <c>[assembly: SallaSubscriptions(...)]</c>, and the event classes
/// and handler interfaces it names.
/// </summary>
internal static class SubscriptionsReader
{
    /// <summary>
    /// An assembly attribute named <c>SallaSubscriptions</c> (or <c>SallaSubscriptionsAttribute</c>), however qualified.
    /// The name is all syntax can tell; another attribute of that name on an assembly would be taken for it.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is AttributeSyntax { Parent: AttributeListSyntax { Target.Identifier.ValueText: "assembly" } } attribute
        && RightmostName(attribute.Name) is "SallaSubscriptions" or "SallaSubscriptionsAttribute";

    /// <summary>
    /// The class name of the event a name in source stands for: <c>X</c> of <c>XEvent</c> or of <c>IXHandler</c>;
    /// null for any other name. Whether an event of that class name exists is the model's business.
    /// </summary>
    public static string? EventClassName(SyntaxNode node)
    {
        if (node is not IdentifierNameSyntax identifier)
        {
            return null;
        }

        var name = identifier.Identifier.ValueText;
        return OfEventClass(name)
            ?? (name.Length > "IHandler".Length && name[0] == 'I' && name.EndsWith("Handler", StringComparison.Ordinal)
                ? name.Substring(1, name.Length - "IHandler".Length)
                : null);
    }

    /// <summary><c>X</c> of an event class name <c>XEvent</c>; null for any other name.</summary>
    private static string? OfEventClass(string? name) =>
        name is { Length: > 5 } && name.EndsWith("Event", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Event".Length) : null;

    /// <summary>The class names of <see cref="EventClassName"/> in the project's source, once each, in order.</summary>
    public static EquatableArray<string> Distinct(ImmutableArray<string?> names) =>
        names.Where(n => n is not null).Select(n => n!).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();

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
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Name" } access when OfEventClass(RightmostName(access.Expression)) is { } className:
                entries.Add(new SubscriptionEntry(className, IsConstantName: true));
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
