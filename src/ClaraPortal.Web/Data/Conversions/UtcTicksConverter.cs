using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ClaraPortal.Web.Data.Conversions;

/// <summary>
/// Stores <c>DateTimeOffset</c> as UTC ticks (INTEGER). EF Core's SQLite provider cannot compare or
/// ORDER BY DateTimeOffset stored as TEXT; ticks sort as time does and round-trip exactly, which the
/// audit hash chain needs. The offset is not kept: every timestamp here comes from TimeProvider in UTC.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
