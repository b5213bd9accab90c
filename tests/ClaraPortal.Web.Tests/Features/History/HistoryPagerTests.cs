using Bunit;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Tests.Support;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>The keyset pager's count line and buttons.</summary>
public sealed class HistoryPagerTests : PortalBunitContext
{
    [Fact]
    public void A_count_stopped_at_its_bound_says_more_than_10000()
    {
        Render<MudPopoverProvider>();

        var pager = Render<HistoryPager>(p => p
            .Add(x => x.Paging, new HistoryPaging())
            .Add(x => x.Count, new HistoryCount(HistoryQueries.CountBound, IsLowerBound: true)));

        Assert.Equal("More than 10,000 matching", pager.Find("[data-testid=history-count]").TextContent.Trim());
    }

    [Fact]
    public void An_exact_count_is_the_number()
    {
        Render<MudPopoverProvider>();

        var pager = Render<HistoryPager>(p => p
            .Add(x => x.Paging, new HistoryPaging())
            .Add(x => x.Count, new HistoryCount(1234, IsLowerBound: false)));

        Assert.Equal("1,234 matching", pager.Find("[data-testid=history-count]").TextContent.Trim());
        Assert.True(pager.Find("[data-testid=history-pager-next]").HasAttribute("disabled"));
        Assert.True(pager.Find("[data-testid=history-pager-first]").HasAttribute("disabled"));
    }

    [Fact]
    public void In_spanish_the_bound_reads_mas_de()
    {
        using var culture = new CultureScope("es-MX");
        Render<MudPopoverProvider>();

        var pager = Render<HistoryPager>(p => p
            .Add(x => x.Paging, new HistoryPaging())
            .Add(x => x.Count, new HistoryCount(HistoryQueries.CountBound, IsLowerBound: true)));

        Assert.Equal("Más de 10,000 coincidencias", pager.Find("[data-testid=history-count]").TextContent.Trim());
    }

    [Theory]
    [InlineData("/history?supplier=2&sort=amount", "/history?supplier=2&sort=amount")]
    [InlineData("/history", "/history")]
    [InlineData("https://evil.example/history", "/history")]
    [InlineData("//evil.example", "/history")]
    [InlineData("/historyx?supplier=2", "/history")]
    [InlineData("/cards/issue", "/history")]
    [InlineData(null, "/history")]
    public void The_way_back_from_a_timeline_only_leads_to_history(string? back, string expected) =>
        Assert.Equal(expected, HistoryNavigation.Back(back));
}
