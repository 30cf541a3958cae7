using System.Text.Json.Nodes;
using PluginBridge.Engine.QuickLists;

namespace PluginBridge.Engine.Json;

/// <summary>JSON.GetArrayItemsAsQuickList: each item of a JSON array as compact JSON text in a new QuickList
/// (QuickList.JoinJSON joins them back into an array).</summary>
static class JsonQuickList
{
    public static void Register(Registry r) =>
        JsonFunctions.Add(r, "JSON.GetArrayItemsAsQuickList", "JSON", a =>
        {
            if (JsonRefs.Read(a, 0).Node is not JsonArray array)
                throw new MbsException($"{a.Function} needs a JSON array.");
            return QuickListFunctions.Table.Add(new QuickList(array.Select(JsonText.Compact)));
        });
}
