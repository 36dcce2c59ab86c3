package io.lightcloud.common.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageRequestTest {
    private record Item(String id, String name, int size) {
    }

    private static final List<Item> ITEMS = List.of(new Item("a", "zeta", 3), new Item("b", "alpha", 1),
            new Item("c", "mid", 2), new Item("d", "alpha", 5));
    private static final Map<String, Function<Item, Comparable<?>>> KEYS = Map.of("name", Item::name, "size",
            Item::size);
    private static final List<PageRequest.SortKey> BY_NAME = List.of(new PageRequest.SortKey("name", true));

    @Test
    void pagesFollowTheMarkerInSortOrder() {
        PageRequest first = PageRequest.fromParameters(Map.of("limit", new String[] {"2"}), 1000, List.of("name"));
        List<Item> page1 = first.apply(ITEMS, KEYS, Item::id, BY_NAME);
        assertThat(page1).extracting(Item::id).containsExactly("b", "d");
        PageRequest second = PageRequest.fromParameters(Map.of("limit", new String[] {"2"}, "marker",
                new String[] {"d"}), 1000, List.of("name"));
        assertThat(second.apply(ITEMS, KEYS, Item::id, BY_NAME)).extracting(Item::id).containsExactly("c", "a");
    }

    @Test
    void sortsByRequestedKeysAndDirections() {
        PageRequest request = PageRequest.fromParameters(Map.of("sort_key", new String[] {"size"}, "sort_dir",
                new String[] {"desc"}), 1000, List.of("name", "size"));
        assertThat(request.apply(ITEMS, KEYS, Item::id, BY_NAME)).extracting(Item::id)
                .containsExactly("d", "a", "c", "b");
    }

    @Test
    void limitIsCappedAndBadInputIs400() {
        PageRequest capped = PageRequest.fromParameters(Map.of("limit", new String[] {"99"}), 2, List.of());
        assertThat(capped.limit()).isEqualTo(2);
        assertThatThrownBy(() -> PageRequest.fromParameters(Map.of("limit", new String[] {"x"}), 10, List.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> PageRequest.fromParameters(Map.of("sort_key", new String[] {"secret"}), 10,
                List.of("name"))).isInstanceOf(ApiException.class).hasMessageContaining("secret");
        PageRequest unknownMarker = new PageRequest(null, "zzz", List.of());
        assertThatThrownBy(() -> unknownMarker.apply(ITEMS, KEYS, Item::id, BY_NAME))
                .isInstanceOf(ApiException.class).hasMessageContaining("zzz");
    }
}
