using System.Text;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>Turns JSON and event names into C# identifiers, the same way on every machine.</summary>
internal static class Naming
{
    /// <summary><c>checkout_url</c> → <c>CheckoutUrl</c>; <c>setDefault</c> → <c>SetDefault</c>; <c>abandoned-cart</c> → <c>AbandonedCart</c>.</summary>
    public static string ToPascalCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (IsAsciiLetterOrDigit(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        if (builder.Length == 0)
        {
            return "Value";
        }

        if (char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary><c>order.created</c> → <c>OrderCreated</c>; <c>store.branch.setDefault</c> → <c>StoreBranchSetDefault</c>.</summary>
    public static string EventBaseName(string eventName) => ToPascalCase(eventName);

    private static bool IsAsciiLetterOrDigit(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
