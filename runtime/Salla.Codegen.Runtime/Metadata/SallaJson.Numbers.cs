using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Salla.Codegen.Metadata;

public static partial class SallaJson
{
    // The longest numeric text read without a heap copy; longer ones are refused as not exact anyway.
    private const int MaxNumberTextLength = 128;

    /// <summary>
    /// Reads the number at the reader (a JSON number or a numeric string) exactly, or explains why not.
    /// Returns null for the null texts (<c>""</c>, <c>"null"</c>) and JSON <c>null</c>.
    /// </summary>
    private static decimal? ReadExactNumber(ref Utf8JsonReader reader, string expectedType)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // Number tokens are never escaped and, for a body in one buffer, never split.
                return ParseExactNumber(ref reader, reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, expectedType, isText: false);
            case JsonTokenType.String:
                Span<byte> buffer = stackalloc byte[MaxNumberTextLength];
                scoped ReadOnlySpan<byte> text;
                if (!reader.HasValueSequence && !reader.ValueIsEscaped)
                {
                    text = reader.ValueSpan;
                }
                else if ((reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= buffer.Length)
                {
                    text = buffer.Slice(0, reader.CopyString(buffer));
                }
                else
                {
                    text = Encoding.UTF8.GetBytes(reader.GetString()!);
                }

                text = TrimAscii(text);
                if (text.IsEmpty || text.SequenceEqual("null"u8))
                {
                    return null;
                }

                return ParseExactNumber(ref reader, text, expectedType, isText: true);
            case JsonTokenType.Null:
                return null;
            default:
                throw Unexpected(ref reader, expectedType);
        }
    }

    private static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> text) => text.Trim(" \t\r\n"u8);

    private static decimal ParseExactNumber(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> text, string expectedType, bool isText)
    {
        if (text.Length > MaxNumberTextLength)
        {
            throw Unexpected(ref reader, expectedType, $"'{Shorten(text)}' is too long to be a {expectedType} held exactly");
        }

        if (TryParsePlainNumber(text, out var simple))
        {
            return simple;
        }

        var shape = NumberText.Scan(text);
        switch (shape.Verdict)
        {
            case NumberVerdict.NotANumber:
                throw Unexpected(ref reader, expectedType, isText ? $"'{Shorten(text)}' is not a number" : null);
            case NumberVerdict.AmbiguousComma:
                throw Unexpected(ref reader, expectedType, $"'{Shorten(text)}' is ambiguous: its ',' may be a decimal comma or a thousands separator, so it is refused rather than guessed");
        }

        if (!shape.FitsDecimalExactly)
        {
            throw Unexpected(ref reader, expectedType, $"'{Shorten(text)}' cannot be held exactly as a {expectedType}");
        }

        Span<byte> plain = stackalloc byte[MaxNumberTextLength];
        var digits = shape.HasGrouping ? shape.WithoutGrouping(text, plain) : text;
        if (!decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            throw Unexpected(ref reader, expectedType, $"'{Shorten(text)}' cannot be held exactly as a {expectedType}");
        }

        return value;
    }

    /// <summary>
    /// The usual case read directly: <c>[-]digits[.digits]</c> with at most 19 digits, which a
    /// <see cref="ulong"/> mantissa and a scale hold exactly, so <c>"196.00"</c> keeps its two places.
    /// Anything else (a sign of zero, grouping, exponents, more digits) takes the general path.
    /// </summary>
    private static bool TryParsePlainNumber(ReadOnlySpan<byte> text, out decimal value)
    {
        value = default;
        var i = text.Length > 0 && text[0] == (byte)'-' ? 1 : 0;
        var negative = i == 1;
        var wholeStart = i;
        ulong mantissa = 0;
        while (i < text.Length && NumberText.IsDigit(text[i]))
        {
            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            i++;
        }

        var digits = i - wholeStart;
        var scale = 0;
        if (digits > 0 && i < text.Length && text[i] == (byte)'.')
        {
            var fractionStart = ++i;
            while (i < text.Length && NumberText.IsDigit(text[i]))
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                i++;
            }

            scale = i - fractionStart;
            digits += scale;
            if (scale == 0)
            {
                return false;
            }
        }

        // Past 19 digits the mantissa may have wrapped; that text goes the general way.
        if (digits == 0 || digits > 19 || i != text.Length || (negative && mantissa == 0))
        {
            return false;
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    private static string Shorten(ReadOnlySpan<byte> text) =>
        Truncate(Encoding.UTF8.GetString(text.Length > 64 ? text.Slice(0, 64) : text));

    private enum NumberVerdict
    {
        Number,
        NotANumber,
        AmbiguousComma,
    }

    /// <summary>
    /// The shape of a numeric text: <c>[+-]digits[.digits][e[+-]digits]</c>, where the whole part may be
    /// grouped by commas in threes (<c>1,234.50</c>, <c>1,234,567</c>). A single comma group with no
    /// decimal point (<c>1,234</c>) or any other comma (<c>12,5</c>) could be a decimal comma: ambiguous.
    /// </summary>
    private readonly struct NumberText
    {
        private NumberText(NumberVerdict verdict, bool hasGrouping = false, int significantDigits = 0, int scale = 0, bool isWholeTooLarge = false)
        {
            Verdict = verdict;
            HasGrouping = hasGrouping;
            SignificantDigits = significantDigits;
            Scale = scale;
            IsWholeTooLarge = isWholeTooLarge;
        }

        public NumberVerdict Verdict { get; }

        public bool HasGrouping { get; }

        /// <summary>Digits from the first to the last non-zero one.</summary>
        private int SignificantDigits { get; }

        /// <summary>Decimal places the value needs once trailing zeros are dropped (negative for trailing whole zeros).</summary>
        private int Scale { get; }

        private bool IsWholeTooLarge { get; }

        /// <summary>
        /// True when <see cref="decimal"/> can hold the value without rounding: a whole number of at most 29
        /// digits (parsing refuses one past <see cref="decimal.MaxValue"/>), or at most 28 significant digits
        /// and 28 decimal places.
        /// </summary>
        public bool FitsDecimalExactly =>
            !IsWholeTooLarge && (SignificantDigits == 0 || (Scale <= 0 ? SignificantDigits - Scale <= 29 : SignificantDigits <= 28 && Scale <= 28));

        public static NumberText Scan(ReadOnlySpan<byte> text)
        {
            var i = 0;
            if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                i++;
            }

            var wholeStart = i;
            var commas = 0;
            var groupLength = 0;
            var groupsValid = true;
            var firstGroupLength = 0;
            while (i < text.Length && (IsDigit(text[i]) || text[i] == (byte)','))
            {
                if (text[i] == (byte)',')
                {
                    if (commas == 0)
                    {
                        firstGroupLength = groupLength;
                        groupsValid &= firstGroupLength is >= 1 and <= 3 && text[wholeStart] != (byte)'0';
                    }
                    else
                    {
                        groupsValid &= groupLength == 3;
                    }

                    commas++;
                    groupLength = 0;
                }
                else
                {
                    groupLength++;
                }

                i++;
            }

            if (commas > 0)
            {
                groupsValid &= groupLength == 3;
            }

            var wholeEnd = i;
            var hasPoint = false;
            var fractionStart = i;
            var fractionEnd = i;
            if (i < text.Length && text[i] == (byte)'.')
            {
                hasPoint = true;
                i++;
                fractionStart = i;
                while (i < text.Length && IsDigit(text[i]))
                {
                    i++;
                }

                fractionEnd = i;
            }

            var exponent = 0;
            if (i < text.Length && (text[i] == (byte)'e' || text[i] == (byte)'E'))
            {
                i++;
                var negative = false;
                if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
                {
                    negative = text[i] == (byte)'-';
                    i++;
                }

                var exponentStart = i;
                while (i < text.Length && IsDigit(text[i]))
                {
                    // Anything past a few digits is far outside decimal's range either way.
                    exponent = Math.Min(exponent * 10 + (text[i] - '0'), 100_000);
                    i++;
                }

                if (i == exponentStart)
                {
                    return new NumberText(NumberVerdict.NotANumber);
                }

                exponent = negative ? -exponent : exponent;
            }

            var wholeDigits = wholeEnd - wholeStart - commas;
            var fractionDigits = fractionEnd - fractionStart;
            if (i != text.Length || wholeDigits + fractionDigits == 0 || (commas > 0 && wholeEnd > wholeStart && text[wholeEnd - 1] == (byte)','))
            {
                return new NumberText(NumberVerdict.NotANumber);
            }

            if (commas > 0 && !(groupsValid && (hasPoint || commas >= 2)))
            {
                return new NumberText(NumberVerdict.AmbiguousComma);
            }

            // Significant digits and the scale they need, over whole and fraction digits together.
            var first = -1;
            var last = -1;
            var position = 0;
            for (var k = wholeStart; k < fractionEnd; k++)
            {
                var c = text[k];
                if (!IsDigit(c))
                {
                    continue;
                }

                if (c != (byte)'0')
                {
                    if (first < 0)
                    {
                        first = position;
                    }

                    last = position;
                }

                position++;
            }

            if (first < 0)
            {
                return new NumberText(NumberVerdict.Number, commas > 0);
            }

            var significant = last - first + 1;
            // Position of the last significant digit relative to the decimal point, less the exponent.
            var scale = (last + 1 - wholeDigits) - exponent;
            var wholeLength = wholeDigits - first + exponent;
            return new NumberText(NumberVerdict.Number, commas > 0, significant, scale, isWholeTooLarge: wholeLength > 29);
        }

        public ReadOnlySpan<byte> WithoutGrouping(ReadOnlySpan<byte> text, Span<byte> buffer)
        {
            var written = 0;
            foreach (var c in text)
            {
                if (c != (byte)',')
                {
                    buffer[written++] = c;
                }
            }

            return buffer.Slice(0, written);
        }

        public static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
    }
}
