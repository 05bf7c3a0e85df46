package dev.bulkexport.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The list, get and delete commands of a collection of the public API (schedules, destinations). */
final class CollectionCommands {
    private CollectionCommands() {
    }

    /** A command of a collection, under {@code /api/v1/bulk_api}. */
    abstract static class OfCollection extends ApiCommand {
        abstract String collection();
    }

    /** A command about one member, named by its id. */
    abstract static class OfMember extends OfCollection {
        @Parameters(paramLabel = "ID")
        String id;

        String path() {
            return collection() + ApiClient.segment(id);
        }
    }

    abstract static class ListAll extends OfCollection {
        @Mixin
        PageOptions pages;

        @Override
        public Integer call() {
            print(api().get(collection() + pages.query()));
            return ExitCode.OK;
        }
    }

    abstract static class Get extends OfMember {
        @Override
        public Integer call() {
            print(api().get(path()));
            return ExitCode.OK;
        }
    }

    abstract static class Delete extends OfMember {
        @Override
        public Integer call() {
            api().delete(path());
            BulkExportCli.notice("deleted " + path());
            return ExitCode.OK;
        }
    }
}
