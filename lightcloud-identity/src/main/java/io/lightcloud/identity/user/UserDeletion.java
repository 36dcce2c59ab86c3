package io.lightcloud.identity.user;

import static java.util.Objects.requireNonNull;

import io.lightcloud.identity.core.Assignment.ActorType;
import io.lightcloud.identity.core.AssignmentRepository;
import io.lightcloud.identity.core.UserRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Deletes a user and their role assignments in one transaction; memberships and credentials go with them. */
@Component
public class UserDeletion {
    private final UserRepository users;
    private final AssignmentRepository assignments;

    public UserDeletion(UserRepository users, AssignmentRepository assignments) {
        this.users = requireNonNull(users, "users is null");
        this.assignments = requireNonNull(assignments, "assignments is null");
    }

    @Transactional
    public void delete(String userId) {
        assignments.deleteByActor(ActorType.USER, userId);
        users.delete(userId);
    }
}
