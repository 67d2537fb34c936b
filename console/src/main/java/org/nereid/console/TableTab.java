package org.nereid.console;

import java.util.function.Function;

import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

/**
 * The shape of the list tabs (groups, users, invitations, recordings): a toolbar of buttons
 * above a table of the model's rows; a double click edits. Subclasses add columns and
 * buttons, and say what refresh, create, edit and delete do.
 */
public abstract class TableTab<T> implements ConsoleView {
    protected final ConsoleContext context;
    protected final TableView<T> table = new TableView<>();
    private final String title;
    private final HBox toolbar = new HBox(8);
    private final BorderPane pane = new BorderPane(table);

    protected TableTab(ConsoleContext context, String title, String id, ObservableList<T> rows, String placeholder) {
        this.context = context;
        this.title = title;
        table.setId(id);
        table.setItems(rows);
        table.setPlaceholder(new Label(placeholder));
        table.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                edit();
            }
        });
        toolbar.setPadding(new Insets(8));
        pane.setTop(toolbar);
    }

    /** Adds a column showing {@code value} of each row. */
    protected final TableColumn<T, String> column(String heading, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(heading);
        c.setCellValueFactory(f -> new SimpleStringProperty(value.apply(f.getValue())));
        c.setPrefWidth(width);
        table.getColumns().add(c);
        return c;
    }

    /** Adds a button to the toolbar. */
    protected final Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        toolbar.getChildren().add(b);
        return b;
    }

    /** The selected row, or null. */
    protected final T selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    /** The toolbar and table, for a subclass that puts more beside them. */
    protected final BorderPane tablePane() {
        return pane;
    }

    /** The window this tab is in, as owner of its dialogs. */
    protected final Window window() {
        return Forms.window(table);
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public Node node() {
        return pane;
    }
}
