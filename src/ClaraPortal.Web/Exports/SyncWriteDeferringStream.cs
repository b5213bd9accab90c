namespace ClaraPortal.Web.Exports;

/// <summary>
/// A write-only view of a stream that refuses synchronous I/O (Kestrel's response body): what is written synchronously
/// waits here until the next asynchronous write or flush. On a stream that cannot seek, .NET 10's ZipArchive ends each
/// entry with a data descriptor written synchronously (a few bytes, from the entry stream's Dispose even when disposed
/// asynchronously); everything else, SpreadCheetah's rows included, comes asynchronously and passes straight through.
/// </summary>
internal sealed class SyncWriteDeferringStream(Stream destination) : Stream
{
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await WritePendingAsync(cancellationToken);
        await destination.WriteAsync(buffer, cancellationToken);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await WritePendingAsync(cancellationToken);
        await destination.FlushAsync(cancellationToken);
    }

    // A synchronous flush cannot reach the destination; the next asynchronous write or flush carries what waits.
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The destination is the caller's; only the pending bytes' buffer is ours.
        if (disposing)
        {
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }

        await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _pending.SetLength(0);
    }
}
