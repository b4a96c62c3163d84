/**
 * The supervising departments: who they are ({@code mappings/routing/departments.yaml}), how they sign in (bearer
 * tokens over HTTP, accounts on the broker) and what each has on the broker — its queue, receipts and cases
 * addresses, provisioned on the embedded broker and checked on a standalone one. Below every feature that names a
 * department; it knows nothing of decisions.
 */
package org.linkagehub.departments;
