using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Salla.Codegen;

/// <summary>
/// Parses the date encodings Salla sends: PHP <c>DateTime</c> objects, <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c>,
/// ISO 8601, JavaScript <c>Date.toString()</c> (<c>Sun Jun 26 2022 12:21:48 GMT+0300</c>) and bare dates.
/// </summary>
public static partial class SallaDateTime
{
    /// <summary>
    /// The offset given to times Salla sends without one (<c>2022-12-31 12:31:25</c>): Salla runs on
    /// Saudi time (its PHP date objects say <c>Asia/Riyadh</c>), which has no daylight saving.
    /// </summary>
    public static readonly TimeSpan DefaultOffset = TimeSpan.FromHours(3);

    private static readonly string[] LocalFormats =
    {
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    };

    private static readonly string[] OffsetFormats =
    {
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    };

    // Zones Salla's stores use, for hosts whose time-zone database lacks IANA names (Windows with invariant globalization).
    private static readonly (string Name, int OffsetMinutes)[] KnownZones =
    {
        ("Asia/Riyadh", 180), ("Asia/Kuwait", 180), ("Asia/Bahrain", 180), ("Asia/Qatar", 180), ("Asia/Aden", 180),
        ("Asia/Baghdad", 180), ("Asia/Dubai", 240), ("Asia/Muscat", 240), ("UTC", 0), ("Etc/UTC", 0), ("GMT", 0), ("Z", 0),
        ("AST", 180), ("GST", 240),
    };

    [GeneratedRegex(@"^(?:[A-Za-z]{3},? )?(?<month>[A-Za-z]{3}) (?<day>\d{1,2}) (?<year>\d{4}) (?<time>\d{1,2}:\d{2}:\d{2}) (?:GMT|UTC)(?<offset>[+-]\d{2}:?\d{2})?(?: \(.*\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex JavaScriptDate();

    /// <summary>Parses one of Salla's date strings; false when it is none of them.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        // Store events' created_at ("Sun Jun 26 2022 …") starts with a letter: go straight to that
        // form rather than let a dozen numeric formats fail first (it is the most frequent date).
        var startsWithLetter = char.IsLetter(s[0]);

        if (startsWithLetter && TryParseJavaScriptLayout(s, out value))
        {
            return true;
        }

        // Zone-less strings first: the K in OffsetFormats also matches no zone at all, and
        // DateTimeOffset.TryParseExact then takes the machine's local offset instead of DefaultOffset.
        if (!startsWithLetter && TryParseLocal(s, out var local))
        {
            return TryCreate(local, DefaultOffset, out value);
        }

        if (!startsWithLetter && HasExplicitZone(s) && DateTimeOffset.TryParseExact(s, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return true;
        }

        value = default;
        var match = JavaScriptDate().Match(s);
        if (match.Success)
        {
            var composed = string.Concat(match.Groups["year"].Value, " ", match.Groups["month"].Value, " ", match.Groups["day"].Value, " ", match.Groups["time"].Value);
            if (DateTime.TryParseExact(composed, "yyyy MMM d H:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var jsLocal))
            {
                var offset = TimeSpan.Zero;
                if (match.Groups["offset"].Success && !TryParseOffset(match.Groups["offset"].Value, out offset))
                {
                    return false;
                }

                return TryCreate(jsLocal, offset, out value);
            }
        }

        return false;
    }

    /// <summary>
    /// The point in time a PHP <c>DateTime</c> object denotes: <paramref name="localTime"/> on the wall
    /// clock of <paramref name="timezone"/> (an offset, an abbreviation or an IANA identifier).
    /// </summary>
    public static bool TryFromPhp(string? localTime, string? timezone, out DateTimeOffset value)
    {
        value = default;
        if (localTime is null || !TryParseLocal(localTime.AsSpan().Trim(), out var local))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(timezone))
        {
            return TryCreate(local, DefaultOffset, out value);
        }

        var zone = timezone!.Trim();
        if (zone[0] is '+' or '-')
        {
            return TryParseOffset(zone, out var offset) && TryCreate(local, offset, out value);
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info))
        {
            // Before standard time a zone can be on local mean time (Asia/Riyadh: +03:06:52), which
            // DateTimeOffset cannot hold; whole minutes keep the wall-clock time as sent.
            var zoneOffset = info.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
            return TryCreate(local, TimeSpan.FromMinutes(Math.Truncate(zoneOffset.TotalMinutes)), out value);
        }

        foreach (var (name, minutes) in KnownZones)
        {
            if (string.Equals(name, zone, StringComparison.OrdinalIgnoreCase))
            {
                return TryCreate(local, TimeSpan.FromMinutes(minutes), out value);
            }
        }

        return false;
    }

    // A zone designator after the time: Z, or a sign after the 'T'/' ' separating date and time.
    private static bool HasExplicitZone(string s) =>
        s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 10 && s.IndexOfAny(Signs, 10) >= 0);

    private static readonly char[] Signs = { '+', '-' };

    // One of LocalFormats. The two layouts Salla sends most (yyyy-MM-dd HH:mm:ss with or without a
    // fraction, and a bare date) are read digit by digit; the rest go to DateTime.TryParseExact.
    private static bool TryParseLocal(ReadOnlySpan<char> s, out DateTime local)
    {
        local = default;
        if (s.Length >= 10 && TryDigits(s, 0, 4, out var year) && s[4] == '-' && TryDigits(s, 5, 2, out var month) && s[7] == '-' && TryDigits(s, 8, 2, out var day)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            if (s.Length == 10)
            {
                local = new DateTime(year, month, day);
                return true;
            }

            if (s.Length >= 19 && s[10] == ' ' && TryDigits(s, 11, 2, out var hour) && s[13] == ':' && TryDigits(s, 14, 2, out var minute) && s[16] == ':' && TryDigits(s, 17, 2, out var second)
                && hour < 24 && minute < 60 && second < 60)
            {
                var fraction = s[19..];
                if (fraction.IsEmpty)
                {
                    local = new DateTime(year, month, day, hour, minute, second);
                    return true;
                }

                if (fraction.Length is >= 2 and <= 8 && fraction[0] == '.' && TryDigits(fraction, 1, fraction.Length - 1, out var digits))
                {
                    var ticks = digits;
                    for (var i = fraction.Length - 1; i < 7; i++)
                    {
                        ticks *= 10;
                    }

                    local = new DateTime(year, month, day, hour, minute, second).AddTicks(ticks);
                    return true;
                }
            }
        }

        return DateTime.TryParseExact(s, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
    }

    // JavaScript's Date.toString() as Salla sends it, "Sun Jun 26 2022 12:21:48 GMT+0300", read in
    // place; any other spelling of it (one-digit day, a zone name after it) goes to the regex.
    private static bool TryParseJavaScriptLayout(string s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length != 33 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[15] != ' ' || s[18] != ':' || s[21] != ':' || s[24] != ' '
            || !(s.AsSpan(25, 3).SequenceEqual("GMT") || s.AsSpan(25, 3).SequenceEqual("UTC"))
            || !char.IsAsciiLetter(s[0]) || !char.IsAsciiLetter(s[1]) || !char.IsAsciiLetter(s[2]))
        {
            return false;
        }

        var month = MonthNumber(s.AsSpan(4, 3));
        if (month == 0 || !TryDigits(s, 8, 2, out var day) || !TryDigits(s, 11, 4, out var year) || !TryDigits(s, 16, 2, out var hour)
            || !TryDigits(s, 19, 2, out var minute) || !TryDigits(s, 22, 2, out var second) || !TryParseOffset(s.AsSpan(28), out var offset))
        {
            return false;
        }

        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour >= 24 || minute >= 60 || second >= 60)
        {
            return false;
        }

        return TryCreate(new DateTime(year, month, day, hour, minute, second), offset, out value);
    }

    private static readonly string[] MonthNames = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

    private static int MonthNumber(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (name.Equals(MonthNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int at, int count, out int value)
    {
        value = 0;
        for (var i = at; i < at + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            value = value * 10 + (text[i] - '0');
        }

        return true;
    }

    // +hh, +hhmm or +hh:mm, at most 14 hours, minutes below 60.
    private static bool TryParseOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = default;
        if (text.Length is not (3 or 5 or 6) || text[0] is not ('+' or '-'))
        {
            return false;
        }

        var minutesAt = text.Length == 6 ? 4 : 3;
        if (text.Length == 6 && text[3] != ':')
        {
            return false;
        }

        if (!TryTwoDigits(text, 1, out var hours))
        {
            return false;
        }

        var minutes = 0;
        if (text.Length > 3 && !TryTwoDigits(text, minutesAt, out minutes))
        {
            return false;
        }

        if (minutes >= 60 || hours * 60 + minutes > 14 * 60)
        {
            return false;
        }

        var sign = text[0] == '-' ? -1 : 1;
        offset = new TimeSpan(sign * hours, sign * minutes, 0);
        return true;
    }

    private static bool TryTwoDigits(ReadOnlySpan<char> text, int at, out int value) => TryDigits(text, at, 2, out value);

    // DateTimeOffset's constructor throws when the offset is out of range or the UTC time falls outside years 1-9999.
    private static bool TryCreate(DateTime local, TimeSpan offset, out DateTimeOffset value)
    {
        value = default;
        if (offset.Ticks % TimeSpan.TicksPerMinute != 0 || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }

        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
        return true;
    }
}
