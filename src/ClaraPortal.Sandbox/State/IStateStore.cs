namespace ClaraPortal.Sandbox.State;

/// <summary>Where the state goes: nowhere (in memory only) or a SQLite file. Called under the state lock.</summary>
internal interface IStateStore : IDisposable
{
    IEnumerable<(string Kind, string Json)> LoadAll();
    void Upsert(string kind, string id, string json);
    void Delete(string kind, string id);

    /// <summary>Runs <paramref name="work"/> as one write: thousands of upserts commit once instead of once each.</summary>
    void InTransaction(Action work);
}

internal sealed class InMemoryStateStore : IStateStore
{
    public IEnumerable<(string Kind, string Json)> LoadAll() => [];
    public void Upsert(string kind, string id, string json) { }
    public void Delete(string kind, string id) { }
    public void InTransaction(Action work) => work();
    public void Dispose() { }
}
