namespace ClaraPortal.Web.Features.Demo;

/// <summary>One company's seeding: its catalog, planner, keys and tally, and how many demo cards it had and should have.</summary>
internal sealed record DemoCompanySeed(DemoCatalog Catalog, DemoCardPlanner Planner, DemoKeys Keys, DemoTally Tally, int Existing, int Target)
{
    public int Missing => Math.Max(0, Target - Existing);
}
