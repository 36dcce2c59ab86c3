package io.lightcloud.network.api;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.JsonFields;
import io.lightcloud.common.auth.AuthContext;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How one Neutron resource type is made, listed, found, changed, deleted and shown, for
 * {@link NeutronResourceController}; {@code singular} and {@code plural} are its JSON keys ({@code network},
 * {@code networks}).
 */
public record NeutronResource<T>(String singular, String plural, BiFunction<AuthContext, JsonFields, T> create,
        Function<AuthContext, List<T>> list, BiFunction<AuthContext, String, T> find, Updater<T> update,
        BiConsumer<AuthContext, String> delete, BiFunction<AuthContext, T, Map<String, Object>> view,
        BiFunction<AuthContext, List<T>, List<Map<String, Object>>> views) {
    public NeutronResource {
        requireNonNull(singular, "singular is null");
        requireNonNull(plural, "plural is null");
        requireNonNull(create, "create is null");
        requireNonNull(list, "list is null");
        requireNonNull(find, "find is null");
        requireNonNull(update, "update is null");
        requireNonNull(delete, "delete is null");
        requireNonNull(view, "view is null");
        requireNonNull(views, "views is null");
    }

    @FunctionalInterface
    public interface Updater<T> {
        T update(AuthContext caller, String id, JsonFields in);
    }
}
