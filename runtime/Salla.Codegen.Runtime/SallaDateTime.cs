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

        if (DateTimeOffset.TryParseExact(s, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            return true;
        }

        if (DateTime.TryParseExact(s, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = new DateTimeOffset(local, DefaultOffset);
            return true;
        }

        var match = JavaScriptDate().Match(s);
        if (match.Success)
        {
            var composed = string.Concat(match.Groups["year"].Value, " ", match.Groups["month"].Value, " ", match.Groups["day"].Value, " ", match.Groups["time"].Value);
            if (DateTime.TryParseExact(composed, "yyyy MMM d H:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var jsLocal))
            {
                var offset = match.Groups["offset"].Success ? ParseOffset(match.Groups["offset"].Value) : TimeSpan.Zero;
                value = new DateTimeOffset(jsLocal, offset);
                return true;
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
        if (localTime is null || !DateTime.TryParseExact(localTime.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(timezone))
        {
            value = new DateTimeOffset(local, DefaultOffset);
            return true;
        }

        var zone = timezone!.Trim();
        if (zone[0] is '+' or '-')
        {
            value = new DateTimeOffset(local, ParseOffset(zone));
            return true;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info))
        {
            value = new DateTimeOffset(local, info.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));
            return true;
        }

        foreach (var (name, minutes) in KnownZones)
        {
            if (string.Equals(name, zone, StringComparison.OrdinalIgnoreCase))
            {
                value = new DateTimeOffset(local, TimeSpan.FromMinutes(minutes));
                return true;
            }
        }

        return false;
    }

    private static TimeSpan ParseOffset(string text)
    {
        var digits = text.Replace(":", string.Empty);
        var sign = digits[0] == '-' ? -1 : 1;
        var hours = int.Parse(digits.Substring(1, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 5 ? int.Parse(digits.Substring(3, 2), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(sign * hours, sign * minutes, 0);
    }
}
