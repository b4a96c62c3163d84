package org.linkagehub.departments;

import java.util.List;

import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.User;

/**
 * The embedded broker's user store, read by its JAAS login module at every connection and added to by a routing
 * reload while the broker runs. Artemis' own store is plain hash maps: here every access holds the lock, a user's roles
 * are in place before the user can log in, and a login reads a copy of the roles.
 */
final class BrokerAccounts extends SecurityConfiguration {

    /** Adds an account with its roles; an existing account is left as it is. */
    synchronized boolean add(String user, String password, List<String> roles) {
        if (getUser(user) != null) {
            return false;
        }
        roles.forEach(role -> addRole(user, role));
        addUser(user, password);
        return true;
    }

    @Override
    public synchronized void addUser(String user, String password) {
        super.addUser(user, password);
    }

    @Override
    public synchronized void removeUser(String user) {
        super.removeUser(user);
    }

    @Override
    public synchronized void addRole(String user, String role) {
        super.addRole(user, role);
    }

    @Override
    public synchronized void removeRole(String user, String role) {
        super.removeRole(user, role);
    }

    @Override
    public synchronized User getUser(String username) {
        return super.getUser(username);
    }

    @Override
    public synchronized List<String> getRole(String username) {
        List<String> roles = super.getRole(username);
        return roles == null ? null : List.copyOf(roles);
    }
}
