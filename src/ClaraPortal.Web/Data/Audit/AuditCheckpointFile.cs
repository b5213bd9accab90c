using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaraPortal.Web.Data.Audit;

/// <summary>
/// The chain's head at a moment, kept outside the database: <see cref="EventId"/> and its <see cref="Hash"/> (0 and null
/// for an empty chain), and <see cref="KeyedFrom"/>, the first event hashed with the key (those before it are the plain
/// SHA-256 of before keying).
/// </summary>
public sealed record AuditCheckpoint(long EventId, string? Hash, DateTimeOffset At, long KeyedFrom);

/// <summary>One line of the file: its checkpoint when it parses, and whether its MAC holds.</summary>
public sealed record AuditCheckpointLine(int LineNumber, AuditCheckpoint? Checkpoint, bool Authentic);

/// <summary>
/// The append-only checkpoint file (JSON lines), each line signed with the chain key. Someone who can write the database
/// but not this file cannot truncate the chain or rewrite it whole without the verification noticing.
/// </summary>
public sealed class AuditCheckpointFile(string path, AuditChainKey key)
{
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly SemaphoreSlim _appending = new(1, 1);

    public string Path { get; } = path;

    /// <summary>Every line in file order; none when the file does not exist yet.</summary>
    public async Task<IReadOnlyList<AuditCheckpointLine>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var lines = new List<AuditCheckpointLine>();
        if (!File.Exists(Path))
        {
            return lines;
        }

        // Shared for writing: the checkpoint job may append while a verification reads.
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                lines.Add(Parse(number, text));
            }
        }

        return lines;
    }

    public async Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var line = new CheckpointLineJson(checkpoint.EventId, checkpoint.Hash, checkpoint.At.ToUniversalTime(), checkpoint.KeyedFrom, Sign(checkpoint));
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(line, LineJson) + "\n");
        await _appending.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(bytes, cancellationToken);
            // On disk before the caller counts on it: a checkpoint lost in a crash anchors nothing.
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _appending.Release();
        }
    }

    private AuditCheckpointLine Parse(int number, string text)
    {
        try
        {
            var line = JsonSerializer.Deserialize<CheckpointLineJson>(text, LineJson);
            if (line is null)
            {
                return new AuditCheckpointLine(number, null, false);
            }

            var checkpoint = new AuditCheckpoint(line.EventId, line.Hash, line.At.ToUniversalTime(), line.KeyedFrom);
            return new AuditCheckpointLine(number, checkpoint, AuditChainKey.SameMac(Sign(checkpoint), line.Mac));
        }
        catch (JsonException)
        {
            // A line nobody wrote through this class (or a torn write): it cannot be trusted.
            return new AuditCheckpointLine(number, null, false);
        }
    }

    private string Sign(AuditCheckpoint checkpoint)
    {
        object?[] fields = [checkpoint.EventId, checkpoint.Hash, checkpoint.At.UtcTicks, checkpoint.KeyedFrom];
        return key.SignCheckpoint(JsonSerializer.SerializeToUtf8Bytes(fields));
    }

    private sealed record CheckpointLineJson(long EventId, string? Hash, DateTimeOffset At, long KeyedFrom, string? Mac);
}
