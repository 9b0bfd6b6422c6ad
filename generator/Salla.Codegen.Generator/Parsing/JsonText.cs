using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Reads JSON text into <see cref="JsonNode"/>s in one pass over the string. Strict JSON (RFC 8259) with two
/// allowances hand-written spec files rely on: <c>//</c> and <c>/* */</c> comments, and a comma before a closing
/// bracket. A member name given twice keeps its first place and takes its last value.
/// </summary>
internal static class JsonText
{
    // Deep enough for any schema; shallow enough that a hostile file cannot exhaust the compiler's stack.
    private const int MaxDepth = 128;

    /// <exception cref="JsonTextException">The text is not JSON; the exception says where and why.</exception>
    public static JsonNode Parse(string text)
    {
        var reader = new Reader(text);
        return reader.ReadDocument();
    }

    /// <summary>The offset of the first character at or after <paramref name="offset"/> that is neither white space nor part of a comment.</summary>
    internal static int SkipTrivia(string text, int offset)
    {
        while (offset < text.Length)
        {
            var c = text[offset];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                offset++;
            }
            else if (c == '/' && offset + 1 < text.Length && text[offset + 1] == '/')
            {
                while (offset < text.Length && text[offset] is not ('\n' or '\r'))
                {
                    offset++;
                }
            }
            else if (c == '/' && offset + 1 < text.Length && text[offset + 1] == '*')
            {
                var end = text.IndexOf("*/", offset + 2, StringComparison.Ordinal);
                offset = end < 0 ? text.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        return offset;
    }

    private sealed class Reader
    {
        private readonly string _text;
        private int _position;
        private int _line = 1;
        private int _lineStart;
        private int _depth;

        public Reader(string text)
        {
            _text = text;
        }

        private int Column => _position - _lineStart + 1;

        public JsonNode ReadDocument()
        {
            // A byte order mark that survived decoding is not content.
            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                _position = 1;
                _lineStart = 1;
            }

            SkipTrivia();
            if (_position >= _text.Length)
            {
                throw Error("the text holds no JSON value");
            }

            var value = ReadValue();
            SkipTrivia();
            if (_position < _text.Length)
            {
                throw Error($"expected the end of the text after the JSON value, found {Describe(_text[_position])}");
            }

            return value;
        }

        private JsonNode ReadValue()
        {
            if (_position >= _text.Length)
            {
                throw Error("the text ends where a value is expected");
            }

            var c = _text[_position];
            switch (c)
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                {
                    var (offset, line, column) = (_position, _line, Column);
                    return new JsonValue(JsonKind.String, ReadString(), offset, line, column);
                }

                case 't':
                    return ReadLiteral("true", JsonKind.True);
                case 'f':
                    return ReadLiteral("false", JsonKind.False);
                case 'n':
                    return ReadLiteral("null", JsonKind.Null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }

                    throw Error($"expected a value (an object, array, string, number, true, false or null), found {Describe(c)}");
            }
        }

        private JsonObject ReadObject()
        {
            var (offset, line, column) = (_position, _line, Column);
            Enter();
            _position++;
            var members = new List<JsonMember>();
            Dictionary<string, int>? indexByName = null;
            SkipTrivia();
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("the text ends inside an object; expected a member or '}'");
                }

                if (_text[_position] == '}')
                {
                    _position++;
                    break;
                }

                if (_text[_position] != '"')
                {
                    throw Error($"expected a member name in double quotes or '}}', found {Describe(_text[_position])}");
                }

                var (nameOffset, nameLine, nameColumn) = (_position, _line, Column);
                var name = ReadString();
                SkipTrivia();
                if (_position >= _text.Length || _text[_position] != ':')
                {
                    throw Error($"expected ':' after the member name \"{name}\", found {DescribeCurrent()}");
                }

                _position++;
                SkipTrivia();
                var member = new JsonMember(name, ReadValue(), nameOffset, nameLine, nameColumn);
                AddMember(members, ref indexByName, member);

                SkipTrivia();
                if (_position < _text.Length && _text[_position] == ',')
                {
                    _position++;
                    SkipTrivia();
                }
                else if (_position >= _text.Length || _text[_position] != '}')
                {
                    throw Error($"expected ',' or '}}' after the value of \"{name}\", found {DescribeCurrent()}");
                }
            }

            _depth--;
            return new JsonObject(members, offset, line, column);
        }

        private static void AddMember(List<JsonMember> members, ref Dictionary<string, int>? indexByName, JsonMember member)
        {
            // Most objects are small: a linear search beats a dictionary until they are not.
            const int LinearSearchLimit = 16;
            if (indexByName is null && members.Count < LinearSearchLimit)
            {
                for (var i = 0; i < members.Count; i++)
                {
                    if (string.Equals(members[i].Name, member.Name, StringComparison.Ordinal))
                    {
                        members[i] = member;
                        return;
                    }
                }

                members.Add(member);
                return;
            }

            if (indexByName is null)
            {
                indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < members.Count; i++)
                {
                    indexByName[members[i].Name] = i;
                }
            }

            if (indexByName.TryGetValue(member.Name, out var index))
            {
                members[index] = member;
            }
            else
            {
                indexByName.Add(member.Name, members.Count);
                members.Add(member);
            }
        }

        private JsonArray ReadArray()
        {
            var (offset, line, column) = (_position, _line, Column);
            Enter();
            _position++;
            var items = new List<JsonNode>();
            SkipTrivia();
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("the text ends inside an array; expected a value or ']'");
                }

                if (_text[_position] == ']')
                {
                    _position++;
                    break;
                }

                items.Add(ReadValue());
                SkipTrivia();
                if (_position < _text.Length && _text[_position] == ',')
                {
                    _position++;
                    SkipTrivia();
                }
                else if (_position >= _text.Length || _text[_position] != ']')
                {
                    throw Error($"expected ',' or ']' after an array item, found {DescribeCurrent()}");
                }
            }

            _depth--;
            return new JsonArray(items, offset, line, column);
        }

        private void Enter()
        {
            if (++_depth > MaxDepth)
            {
                throw Error(FormattableString.Invariant($"objects and arrays are nested more than {MaxDepth} deep"));
            }
        }

        /// <summary>Reads the string whose opening quote is at the current position and moves past its closing quote.</summary>
        private string ReadString()
        {
            var start = ++_position;

            // Most strings have no escape: take them from the text as they are.
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c == '"')
                {
                    return _text.Substring(start, _position++ - start);
                }

                if (c == '\\')
                {
                    break;
                }

                if (c < ' ')
                {
                    throw ControlCharacterError(c);
                }

                _position++;
            }

            var builder = new StringBuilder(_text, start, _position - start, _position - start + 16);
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c == '"')
                {
                    _position++;
                    return builder.ToString();
                }

                if (c < ' ')
                {
                    throw ControlCharacterError(c);
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    _position++;
                    continue;
                }

                if (_position + 1 >= _text.Length)
                {
                    break;
                }

                var escape = _text[_position + 1];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        builder.Append(ReadUnicodeEscape());
                        continue;
                    default:
                        throw Error($"'\\{escape}' is not a JSON escape; use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
                }

                _position += 2;
            }

            throw Error("the text ends inside a string; expected its closing '\"'");
        }

        private char ReadUnicodeEscape()
        {
            var value = 0;
            for (var i = 2; i < 6; i++)
            {
                var digit = _position + i < _text.Length ? HexValue(_text[_position + i]) : -1;
                if (digit < 0)
                {
                    throw Error("'\\u' must be followed by four hexadecimal digits");
                }

                value = (value * 16) + digit;
            }

            _position += 6;
            return (char)value;
        }

        private static int HexValue(char c) =>
            c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1;

        private JsonValue ReadNumber()
        {
            var (offset, line, column) = (_position, _line, Column);
            if (_text[_position] == '-')
            {
                _position++;
            }

            if (_position < _text.Length && _text[_position] == '0')
            {
                _position++;
                if (_position < _text.Length && IsDigit(_text[_position]))
                {
                    throw Error("a number must not start with 0 followed by more digits");
                }
            }
            else
            {
                RequireDigits("a digit");
            }

            if (_position < _text.Length && _text[_position] == '.')
            {
                _position++;
                RequireDigits("a digit after the decimal point");
            }

            if (_position < _text.Length && _text[_position] is 'e' or 'E')
            {
                _position++;
                if (_position < _text.Length && _text[_position] is '+' or '-')
                {
                    _position++;
                }

                RequireDigits("a digit in the exponent");
            }

            return new JsonValue(JsonKind.Number, _text.Substring(offset, _position - offset), offset, line, column);
        }

        private void RequireDigits(string what)
        {
            if (_position >= _text.Length || !IsDigit(_text[_position]))
            {
                throw Error($"the number needs {what}, found {DescribeCurrent()}");
            }

            while (_position < _text.Length && IsDigit(_text[_position]))
            {
                _position++;
            }
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private JsonValue ReadLiteral(string literal, JsonKind kind)
        {
            if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0
                || (_position + literal.Length < _text.Length && char.IsLetterOrDigit(_text[_position + literal.Length])))
            {
                throw Error($"expected a value (an object, array, string, number, true, false or null), found {DescribeWord()}");
            }

            var node = new JsonValue(kind, null, _position, _line, Column);
            _position += literal.Length;
            return node;
        }

        private void SkipTrivia()
        {
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c is ' ' or '\t')
                {
                    _position++;
                }
                else if (c is '\n' or '\r')
                {
                    _position += c == '\r' && _position + 1 < _text.Length && _text[_position + 1] == '\n' ? 2 : 1;
                    NewLine();
                }
                else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
                {
                    while (_position < _text.Length && _text[_position] is not ('\n' or '\r'))
                    {
                        _position++;
                    }
                }
                else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
                {
                    SkipBlockComment();
                }
                else
                {
                    return;
                }
            }
        }

        private void SkipBlockComment()
        {
            var (line, column) = (_line, Column);
            _position += 2;
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (c == '*' && _position + 1 < _text.Length && _text[_position + 1] == '/')
                {
                    _position += 2;
                    return;
                }

                _position += c == '\r' && _position + 1 < _text.Length && _text[_position + 1] == '\n' ? 2 : 1;
                if (c is '\n' or '\r')
                {
                    NewLine();
                }
            }

            throw new JsonTextException(FormattableString.Invariant($"the comment that starts at line {line}, column {column} is not closed with '*/'"), _line, Column);
        }

        private void NewLine()
        {
            _line++;
            _lineStart = _position;
        }

        private JsonTextException ControlCharacterError(char c) =>
            Error($"a string must not contain the control character U+{Hex(c)}; write it escaped, as \\u{Hex(c)}");

        private string DescribeCurrent() =>
            _position < _text.Length ? Describe(_text[_position]) : "the end of the text";

        private string DescribeWord()
        {
            var end = _position;
            while (end < _text.Length && end - _position < 20 && char.IsLetterOrDigit(_text[end]))
            {
                end++;
            }

            return end > _position ? "'" + _text.Substring(_position, end - _position) + "'" : DescribeCurrent();
        }

        private static string Describe(char c) =>
            c < ' ' || c == '\u007F' ? "the control character U+" + Hex(c) : "'" + c + "'";

        private static string Hex(char c) => ((int)c).ToString("X4", CultureInfo.InvariantCulture);

        private JsonTextException Error(string message) => new(message, _line, Column);
    }
}

/// <summary>The text is not JSON: <see cref="Exception.Message"/> says why, ending with where (<see cref="Line"/> and <see cref="Column"/>, 1-based).</summary>
internal sealed class JsonTextException : Exception
{
    public JsonTextException(string reason, int line, int column)
        : base(FormattableString.Invariant($"{reason} (line {line}, column {column})"))
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
