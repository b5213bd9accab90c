namespace ClaraPortal.Testing;

/// <summary>
/// Unique references for test cards. Letters only: a GUID's hex digits now and then line up into 13 to 19 digits that
/// pass the Luhn check, and the portal rightly refuses free text holding what looks like a card number.
/// </summary>
public static class TestReferences
{
    /// <summary>32 letters (a to p), unique as a GUID.</summary>
    public static string Unique() =>
        string.Concat(Guid.NewGuid().ToByteArray().SelectMany(b => new[] { (char)('a' + (b >> 4)), (char)('a' + (b & 15)) }));
}
