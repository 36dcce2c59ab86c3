package io.lightcloud.image.metadef;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.auth.AuthContext;
import io.lightcloud.common.policy.PolicyEnforcer;
import io.lightcloud.image.metadef.MetadefItem.Kind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadefs catalog's rules, after Glance's defaults: everyone reads public namespaces and their project's
 * private ones (others' are 404), the cloud admin writes; a protected namespace is not deleted (403); names are
 * unique (409).
 */
@Service
public class Metadefs {
    private static final Logger log = LoggerFactory.getLogger(Metadefs.class);

    private final MetadefRepository repository;
    private final PolicyEnforcer policy;
    private final TransactionTemplate transactions;

    public Metadefs(MetadefRepository repository, PolicyEnforcer policy, TransactionTemplate transactions) {
        this.repository = requireNonNull(repository, "repository is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    public List<MetadefNamespace> list(AuthContext caller) {
        policy.enforce("image:get_metadef_namespaces", caller);
        return repository.listNamespaces().stream().filter(n -> visible(caller, n)).toList();
    }

    public MetadefNamespace get(AuthContext caller, String namespace) {
        policy.enforce("image:get_metadef_namespace", caller);
        return repository.findNamespace(namespace).filter(n -> visible(caller, n))
                .orElseThrow(() -> namespaceNotFound(namespace));
    }

    public MetadefNamespace create(AuthContext caller, MetadefInput.Namespace input) {
        policy.enforce("image:add_metadef_namespace", caller);
        String owner = input.owner() != null ? input.owner() : caller.projectId();
        transactions.executeWithoutResult(status -> {
            if (repository.findNamespace(input.namespace()).isPresent()) {
                throw ApiException.conflict("Metadata definition namespace=" + input.namespace()
                        + " already exists.");
            }
            long id = repository.insertNamespace(input.namespace(), input.displayName(), input.description(),
                    input.visibility(), input.isProtected(), owner);
            input.associations().forEach(a -> associate(id, input.namespace(), a));
            input.properties().forEach((name, document) -> insert(id, input.namespace(), Kind.PROPERTY, name,
                    document));
            input.objects().forEach(o -> insert(id, input.namespace(), Kind.OBJECT, o.name(), o.document()));
            input.tags().forEach(t -> insert(id, input.namespace(), Kind.TAG, t, JsonNodeFactory.instance.objectNode()));
        });
        log.info("Created metadef namespace namespace={} visibility={} owner={}", input.namespace(),
                input.visibility(), owner);
        return get(caller, input.namespace());
    }

    public MetadefNamespace update(AuthContext caller, String namespace, MetadefInput.Namespace input) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce("image:modify_metadef_namespace", caller);
        transactions.executeWithoutResult(status -> {
            if (!input.namespace().equals(namespace) && repository.findNamespace(input.namespace()).isPresent()) {
                throw ApiException.conflict("Metadata definition namespace=" + input.namespace()
                        + " already exists.");
            }
            repository.updateNamespace(current.id(), input.namespace(), input.displayName(), input.description(),
                    input.visibility(), input.isProtected());
        });
        log.info("Updated metadef namespace namespace={} new_name={} visibility={} protected={}", namespace,
                input.namespace(), input.visibility(), input.isProtected());
        return get(caller, input.namespace());
    }

    public void delete(AuthContext caller, String namespace) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce("image:delete_metadef_namespace", caller);
        if (current.isProtected()) {
            throw ApiException.forbidden("Namespace " + namespace + " is protected and cannot be deleted.");
        }
        repository.deleteNamespace(current.id());
        log.info("Deleted metadef namespace namespace={}", namespace);
    }

    public List<MetadefRepository.ResourceType> resourceTypes(AuthContext caller) {
        policy.enforce("image:list_metadef_resource_types", caller);
        return repository.resourceTypes();
    }

    public List<MetadefRepository.Association> associations(AuthContext caller, String namespace) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce("image:get_metadef_resource_type", caller);
        return repository.associations(current.id());
    }

    public MetadefRepository.Association associate(AuthContext caller, String namespace,
            MetadefInput.Association association) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce("image:add_metadef_resource_type_association", caller);
        transactions.executeWithoutResult(status -> associate(current.id(), namespace, association));
        return repository.associations(current.id()).stream().filter(a -> a.name().equals(association.name()))
                .findFirst().orElseThrow();
    }

    public void dissociate(AuthContext caller, String namespace, String resourceType) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce("image:remove_metadef_resource_type_association", caller);
        if (!repository.removeAssociation(current.id(), resourceType)) {
            throw ApiException.notFound("Failed to find resource type " + resourceType + " associated with "
                    + "namespace " + namespace + ".");
        }
    }

    public List<MetadefItem> items(AuthContext caller, String namespace, Kind kind) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce(rule(kind, "get"), caller);
        return repository.listItems(current.id(), kind);
    }

    public MetadefItem item(AuthContext caller, String namespace, Kind kind, String name) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce(rule(kind, "get"), caller);
        return repository.findItem(current.id(), kind, name).orElseThrow(() -> itemNotFound(kind, name, namespace));
    }

    public MetadefItem create(AuthContext caller, String namespace, Kind kind, String name, ObjectNode document) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce(rule(kind, "add"), caller);
        transactions.executeWithoutResult(status -> insert(current.id(), namespace, kind, name, document));
        return repository.findItem(current.id(), kind, name).orElseThrow();
    }

    /** Replaces a namespace's tags, or adds to them when {@code append}; duplicates in the request are one tag. */
    public List<MetadefItem> replaceTags(AuthContext caller, String namespace, List<String> tags, boolean append) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce(rule(Kind.TAG, "add"), caller);
        Set<String> unique = new LinkedHashSet<>(tags);
        transactions.executeWithoutResult(status -> {
            if (!append) {
                repository.deleteItems(current.id(), Kind.TAG);
            }
            unique.forEach(t -> insert(current.id(), namespace, Kind.TAG, t, JsonNodeFactory.instance.objectNode()));
        });
        return repository.listItems(current.id(), Kind.TAG).stream().filter(t -> unique.contains(t.name())).toList();
    }

    public MetadefItem update(AuthContext caller, String namespace, Kind kind, String name, String newName,
            ObjectNode document) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce(rule(kind, "modify"), caller);
        transactions.executeWithoutResult(status -> {
            repository.findItem(current.id(), kind, name).orElseThrow(() -> itemNotFound(kind, name, namespace));
            if (!newName.equals(name) && repository.findItem(current.id(), kind, newName).isPresent()) {
                throw duplicate(kind, newName, namespace);
            }
            repository.updateItem(current.id(), kind, name, newName, document);
        });
        return repository.findItem(current.id(), kind, newName).orElseThrow();
    }

    public void delete(AuthContext caller, String namespace, Kind kind, String name) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce(rule(kind, "delete"), caller);
        if (!repository.deleteItem(current.id(), kind, name)) {
            throw itemNotFound(kind, name, namespace);
        }
    }

    public void deleteAll(AuthContext caller, String namespace, Kind kind) {
        MetadefNamespace current = get(caller, namespace);
        policy.enforce(rule(kind, "delete"), caller);
        repository.deleteItems(current.id(), kind);
    }

    private void associate(long namespaceId, String namespace, MetadefInput.Association association) {
        repository.ensureResourceType(association.name());
        if (repository.hasAssociation(namespaceId, association.name())) {
            throw ApiException.conflict("The metadata definition resource-type association of resource-type="
                    + association.name() + " to namespace=" + namespace + " already exists.");
        }
        repository.addAssociation(namespaceId, association.name(), association.prefix(),
                association.propertiesTarget());
    }

    private void insert(long namespaceId, String namespace, Kind kind, String name, ObjectNode document) {
        if (repository.findItem(namespaceId, kind, name).isPresent()) {
            throw duplicate(kind, name, namespace);
        }
        repository.insertItem(namespaceId, kind, name, document);
    }

    private static boolean visible(AuthContext caller, MetadefNamespace namespace) {
        return caller.isAdmin() || namespace.isPublic() || namespace.owner().equals(caller.projectId());
    }

    /** Glance's rule names: {@code image:add_metadef_object}, {@code image:get_metadef_tag}, ... */
    private static String rule(Kind kind, String verb) {
        return "image:" + verb + "_metadef_" + kind.column();
    }

    private static ApiException namespaceNotFound(String namespace) {
        return ApiException.notFound("Metadata definition namespace=" + namespace + " was not found.");
    }

    private static ApiException itemNotFound(Kind kind, String name, String namespace) {
        return ApiException.notFound("Metadata definition " + kind.column() + "=" + name + " not found in namespace="
                + namespace + ".");
    }

    private static ApiException duplicate(Kind kind, String name, String namespace) {
        return ApiException.conflict("A metadata definition " + kind.column() + " with name=" + name
                + " already exists in namespace=" + namespace + ".");
    }
}
