namespace ClaraPortal.Sandbox.Tests.Infrastructure;

/// <summary>
/// A call the sandbox holds without answering: sent, then given up by the client only once the server shows the write
/// was done, so a slow machine cannot give up before the request even arrived.
/// </summary>
public static class Held
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Sends with <paramref name="send"/>, waits for <paramref name="committed"/>, then cancels; returns what the client saw.</summary>
    public static async Task<Exception?> GiveUpAfterCommitAsync(Func<CancellationToken, Task> send, Func<bool> committed)
    {
        using var givesUp = new CancellationTokenSource();
        var call = send(givesUp.Token);
        var deadline = DateTime.UtcNow + Patience;
        while (!committed() && !call.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20); // polls the server's state, not a guess at how long the call takes
        }

        Assert.True(committed(), "the held write was never carried out");
        Assert.False(call.IsCompleted, "the held call was answered");
        await givesUp.CancelAsync();
        return await Record.ExceptionAsync(() => call);
    }
}
