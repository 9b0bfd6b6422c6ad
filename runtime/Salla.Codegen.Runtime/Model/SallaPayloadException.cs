using System;
using System.Text;

namespace Salla.Codegen;

/// <summary>
/// A webhook body could not be read: it is not JSON, or a value cannot be taken as the type the
/// spec gives it. The only exception the generated readers throw.
/// </summary>
public sealed class SallaPayloadException : Exception
{
    private readonly string _relativePath;

    internal SallaPayloadException(string relativePath, string? expectedType, string problem, long bytePosition, Exception? innerException = null)
        : base(problem, innerException)
    {
        _relativePath = relativePath;
        ExpectedType = expectedType;
        Problem = problem;
        BytePosition = bytePosition;
    }

    /// <summary>Where in the body the problem is, such as <c>$.data.items[2].quantity</c>.</summary>
    public string JsonPath => "$" + _relativePath;

    /// <summary>The type the spec expects there (<c>integer</c>, <c>date-time</c>, <c>object</c>, …), or null when the body is not JSON.</summary>
    public string? ExpectedType { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }

    /// <summary>Offset in bytes from the start of the body of the token at fault, or -1 when unknown.</summary>
    public long BytePosition { get; }

    /// <inheritdoc />
    public override string Message
    {
        get
        {
            var builder = new StringBuilder("Salla payload: ").Append(JsonPath).Append(": ").Append(Problem);
            if (ExpectedType is not null)
            {
                builder.Append(" (expected ").Append(ExpectedType).Append(')');
            }

            if (BytePosition >= 0)
            {
                builder.Append(" at byte ").Append(BytePosition);
            }

            return builder.ToString();
        }
    }

    internal SallaPayloadException Under(string segment) =>
        new(segment + _relativePath, ExpectedType, Problem, BytePosition, InnerException);
}
