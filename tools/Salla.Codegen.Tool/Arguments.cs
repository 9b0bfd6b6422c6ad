using System;
using System.Collections.Generic;
using System.Linq;

namespace Salla.Codegen.Tool;

/// <summary>
/// One command's arguments: positionals, options with a value (<c>--url URL</c> or <c>--url=URL</c>), options that
/// may be given again and again (<c>--set</c>), kept in their order, and flags.
/// </summary>
internal sealed class Arguments
{
    private readonly List<string> _positionals = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<(string Option, string Value)> _repeated = new();

    private Arguments(string command) => Command = command;

    public string Command { get; }

    /// <summary>Parses <paramref name="args"/> after the command name; <c>--help</c> anywhere shows <paramref name="help"/>.</summary>
    public static Arguments Parse(string command, string[] args, string help, string[] withValue, string[] flags, string[]? repeatable = null)
    {
        repeatable ??= [];
        var parsed = new Arguments(command);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                throw new HelpRequested(help);
            }

            if (arg == "--")
            {
                parsed._positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                // "-" alone is standard input, a positional.
                parsed._positionals.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (withValue.Contains(name) || repeatable.Contains(name))
            {
                string value;
                if (equals >= 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException(command, $"option {name} needs a value.");
                }

                if (repeatable.Contains(name))
                {
                    parsed._repeated.Add((name, value));
                }
                else if (!parsed._values.TryAdd(name, value))
                {
                    throw new UsageException(command, $"option {name} is given twice.");
                }
            }
            else if (flags.Contains(name) && equals < 0)
            {
                parsed._flags.Add(name);
            }
            else
            {
                var known = withValue.Concat(repeatable).Concat(flags).ToArray();
                throw new UsageException(command, $"unknown option '{arg}'{(known.Length == 0 ? "; it takes no options." : "; the options are " + string.Join(", ", known) + ".")}");
            }
        }

        return parsed;
    }

    /// <summary>The one positional argument, named <paramref name="what"/> in the error when it is missing or there are more.</summary>
    public string Single(string what) => _positionals.Count switch
    {
        1 => _positionals[0],
        0 => throw new UsageException(Command, $"missing the {what} argument."),
        _ => throw new UsageException(Command, $"one {what} argument expected, got {_positionals.Count}: {string.Join(" ", _positionals)}."),
    };

    /// <summary>Refuses any positional argument.</summary>
    public void None()
    {
        if (_positionals.Count > 0)
        {
            throw new UsageException(Command, $"unexpected argument '{_positionals[0]}'.");
        }
    }

    public string? Value(string option) => _values.TryGetValue(option, out var value) ? value : null;

    public bool Flag(string flag) => _flags.Contains(flag);

    /// <summary>Every value of the repeatable options, in the order given.</summary>
    public IReadOnlyList<(string Option, string Value)> Repeated => _repeated;
}

/// <summary>Bad arguments or input: printed with a pointer to the command's help, exit code 2.</summary>
internal sealed class UsageException(string? command, string message) : Exception(message)
{
    public string? Command { get; } = command;
}

/// <summary>The command ran but did not succeed (unreachable receiver, say): printed, exit code 1.</summary>
internal sealed class FailedException(string message) : Exception(message);

/// <summary><c>--help</c> was given: the text is printed, exit code 0.</summary>
internal sealed class HelpRequested(string text) : Exception("help")
{
    public string Text { get; } = text;
}
